/**
 * A private OVN control plane for the peer bench: NB and SB ovsdb-servers and ovn-northd, on unix
 * sockets in a fresh temporary directory. The daemons read and write nothing outside that
 * directory, and `stop()` ends exactly the daemons it started (by their pid files) and removes it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SCHEMAS = '/usr/share/ovn';
const DAEMONS = ['northd', 'nb', 'sb'] as const;

export interface OvnSandbox {
  dir: string;
  nb: string;
  sb: string;
  /** Runs one `ovn-nbctl` call (a batch of `--`-separated commands). */
  nbctl(args: string[]): string;
  stop(): void;
}

/**
 * Whether the OVN tools are installed; with `install`, tries Debian's `ovn-central` when they are
 * not (root and the package archive needed). Installing is a change to the machine, so only the
 * peer bench run on its own does it (`npm run bench:peer`); `npm run bench` skips the race instead.
 */
export function ensureOvn(install: boolean): { ok: true } | { ok: false; why: string } {
  if (has('ovn-trace') && has('ovn-northd') && existsSync(`${SCHEMAS}/ovn-nb.ovsschema`)) return { ok: true };
  if (!install) return { ok: false, why: "ovn-central is not installed (npm run bench:peer installs Debian's package)" };
  if (process.getuid?.() !== 0) return { ok: false, why: 'ovn-central is not installed and installing it needs root' };
  const r = spawnSync('apt-get', ['install', '-y', '-q', 'ovn-central'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) return { ok: false, why: `apt-get install ovn-central failed: ${String(r.stderr).trim().split('\n').pop()}` };
  return has('ovn-trace') ? { ok: true } : { ok: false, why: 'ovn-central installed but ovn-trace is missing' };
}

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

export function startOvn(): OvnSandbox {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'netspec-peer-ovn-'));
  const at = (f: string) => path.join(dir, f);
  const nb = `unix:${at('nb.sock')}`;
  const sb = `unix:${at('sb.sock')}`;
  // The daemons put control sockets and logs in their run directories: point those at ours.
  const env = { ...process.env, OVN_RUNDIR: dir, OVS_RUNDIR: dir, OVN_LOGDIR: dir, OVS_LOGDIR: dir, OVN_DBDIR: dir };
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  const stop = () => {
    for (const d of DAEMONS) {
      const pidFile = at(`${d}.pid`);
      if (!existsSync(pidFile)) continue;
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      if (pid > 0) try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const db of ['nb', 'sb']) {
      run('ovsdb-tool', ['create', at(`${db}.db`), `${SCHEMAS}/ovn-${db}.ovsschema`]);
      run('ovsdb-server', [at(`${db}.db`), `--remote=punix:${at(`${db}.sock`)}`, `--pidfile=${at(`${db}.pid`)}`,
        `--unixctl=${at(`${db}.ctl`)}`, `--log-file=${at(`${db}.log`)}`, '--detach']);
    }
    run('ovn-northd', [`--ovnnb-db=${nb}`, `--ovnsb-db=${sb}`, `--pidfile=${at('northd.pid')}`,
      `--unixctl=${at('northd.ctl')}`, `--log-file=${at('northd.log')}`, '--detach']);
  } catch (e) {
    stop();
    throw e;
  }
  return { dir, nb, sb, nbctl: (args) => run('ovn-nbctl', [`--db=${nb}`, ...args]), stop };
}
