/**
 * capture/netspec-capture.sh, run for real by sh against stub tools: a PATH holding only the
 * POSIX utilities the script uses and small shell stubs of ip, iptables-save, ipset, ovs-vsctl
 * and ovs-ofctl that print canned output and log how they were called. No root, no OVS.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../testing/cli';
import { CAPTURE_SCRIPT } from './capture-command';

const work = mkdtempSync(path.join(tmpdir(), 'netspec-capture-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The utilities the script may use, linked from this machine; nothing else is on PATH. */
const UTILITIES = ['sh', 'mkdir', 'cat', 'cp', 'rm', 'tr', 'sed', 'dirname', 'basename', 'wc', 'tar', 'gzip', 'uname'];

const STUBS: Record<string, string> = {
  ip: `
if [ "$1" = netns ] && [ "$2" = list ]; then printf 'qrouter-r1 (id: 0)\\nqdhcp-n1\\n'; exit 0; fi
if [ "$1" = netns ] && [ "$2" = exec ]; then NETNS=$3; export NETNS; shift 3; exec "$@"; fi
case "$*" in
  "-o link show") echo "1: lo: <LOOPBACK,UP> mtu 65536 ns=\${NETNS:-root}" ;;
  "-o addr show") echo "1: lo    inet 127.0.0.1/8 scope host lo ns=\${NETNS:-root}" ;;
  "-o route show table all") echo "local 127.0.0.1 dev lo table local ns=\${NETNS:-root}" ;;
  "-o neigh show") ;;
  *) echo "ip stub: unexpected $*" >&2; exit 9 ;;
esac`,
  'iptables-save': `[ "$*" = -c ] || exit 9; printf '# ns=%s\\n*filter\\n:INPUT ACCEPT [0:0]\\nCOMMIT\\n' "\${NETNS:-root}"`,
  // An ipset the kernel refuses to list: a failing command is recorded, not fatal.
  ipset: `echo "ipset v7.10: Kernel error received: Operation not permitted" >&2; exit 1`,
  'ovs-vsctl': `
case "$*" in
  show) printf '    Bridge br-int\\n        Port tapbbac2694-dc\\n            tag: 1\\n' ;;
  "--format=json list Port") echo '{"data":[],"headings":["name","tag"]}' ;;
  "--format=json list Interface") echo '{"data":[],"headings":["name","ofport"]}' ;;
  list-br) printf 'br-int\\nbr-tun\\n' ;;
  *) echo "ovs-vsctl stub: unexpected $*" >&2; exit 9 ;;
esac`,
  'ovs-ofctl': `[ "$1" = dump-flows ] || exit 9; echo " cookie=0x1, table=0, priority=0 actions=NORMAL ($2)"`,
};

/** Every invocation the stubs may see: reads only. */
const READS = [
  /^ip netns list$/, /^ip netns exec (qrouter-r1|qdhcp-n1) (ip|iptables-save|ipset)( |$)/, /^ip -o (link|addr|neigh) show$/, /^ip -o route show table all$/,
  /^iptables-save -c$/, /^ipset list$/, /^ovs-vsctl (show|list-br|--format=json list (Port|Interface))$/, /^ovs-ofctl dump-flows br-(int|tun)$/,
];

function bin(name: string, tools: string[]): { dir: string; log: string } {
  const dir = path.join(work, name);
  mkdirSync(dir);
  const log = path.join(work, `${name}.log`);
  for (const u of UTILITIES) symlinkSync(execFileSync('sh', ['-c', `command -v ${u}`], { encoding: 'utf8' }).trim(), path.join(dir, u));
  for (const t of tools) {
    writeFileSync(path.join(dir, t), `#!/bin/sh\necho "${t} $*" >> "${log}"\n${STUBS[t]}\n`);
    chmodSync(path.join(dir, t), 0o755);
  }
  return { dir, log };
}

/** A state_path as the DHCP agent and the metadata driver leave it. */
function statePath(): string {
  const state = path.join(work, 'state');
  mkdirSync(path.join(state, 'dhcp', 'n1'), { recursive: true });
  mkdirSync(path.join(state, 'ns-metadata-proxy'), { recursive: true });
  writeFileSync(path.join(state, 'dhcp', 'n1', 'host'), 'fa:16:3e:7a:37:4f,host-10-94-1-94.openstacklocal,10.94.1.94\n');
  writeFileSync(path.join(state, 'dhcp', 'n1', 'opts'), 'tag:subnet-1,option:router,10.94.1.1\n');
  writeFileSync(path.join(state, 'dhcp', 'n1', 'leases'), '');
  writeFileSync(path.join(state, 'ns-metadata-proxy', 'r1.conf'), 'listen listener\n    bind :::9697\n');
  return state;
}

function capture(binDir: string, ...args: string[]) {
  // Unless a test names one, --etc-path names no directory: the machine's own /etc/neutron (when Neutron is installed) is not the test's.
  const etc = args.includes('--etc-path') || args.includes('--tarr') ? [] : ['--etc-path', path.join(work, 'no-etc')];
  return spawnSync('sh', [CAPTURE_SCRIPT, ...args, ...etc], { encoding: 'utf8', env: { PATH: binDir, HOME: work } });
}

function files(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? files(path.join(dir, f), `${prefix}${f}/`) : [`${prefix}${f}`])).sort();
}

/** MANIFEST → { file: [status, command] }. */
function manifest(node: string): Record<string, [string, string]> {
  const lines = readFileSync(path.join(node, 'MANIFEST'), 'utf8').trimEnd().split('\n');
  expect(lines[0]).toMatch(/^# netspec-capture 1\thost=node1\tstate_path=/);
  return Object.fromEntries(lines.slice(1).map((l) => { const [status, file, cmd] = l.split('\t'); return [file, [status, cmd]]; }));
}

const PER_NAMESPACE = ['ip-addr.txt', 'ip-link.txt', 'ip-neigh.txt', 'ip-route.txt', 'ipset.txt', 'ipset.txt.err', 'iptables-save.txt'];

describe('netspec-capture.sh', () => {
  it('is POSIX sh that sh -n accepts', () => {
    expect(spawnSync('sh', ['-n', CAPTURE_SCRIPT]).status).toBe(0);
    expect(readFileSync(CAPTURE_SCRIPT, 'utf8').split('\n')[0]).toBe('#!/bin/sh');
  });

  const state = statePath();
  const full = bin('full', ['ip', 'iptables-save', 'ipset', 'ovs-vsctl', 'ovs-ofctl']);
  const out = path.join(work, 'out');
  const before = files(state).map((f) => [f, readFileSync(path.join(state, f), 'utf8')]);
  const run = capture(full.dir, '--out', out, '--host', 'node1', '--state-path', state);
  const node = path.join(out, 'node1');

  it('writes one directory per node: one file per command, per namespace, per bridge, and the copied agent files', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^netspec-capture: wrote .*out\/node1 \(\d+ entries in .*MANIFEST\)\n$/);
    expect(files(node)).toEqual([
      'MANIFEST', 'netns.txt',
      ...PER_NAMESPACE.map((f) => `netns/qdhcp-n1/${f}`), ...PER_NAMESPACE.map((f) => `netns/qrouter-r1/${f}`),
      'neutron/dhcp/n1/host', 'neutron/dhcp/n1/leases', 'neutron/dhcp/n1/opts', 'neutron/ns-metadata-proxy/r1.conf',
      'ovs/bridges.txt', 'ovs/flows/br-int.txt', 'ovs/flows/br-tun.txt', 'ovs/interfaces.json', 'ovs/ports.json', 'ovs/show.txt',
      ...PER_NAMESPACE.map((f) => `root/${f}`),
    ].sort());
  });

  it('runs each namespace\'s commands inside it, and keeps the outputs and copies verbatim', () => {
    expect(readFileSync(path.join(node, 'netns/qrouter-r1/ip-link.txt'), 'utf8')).toContain('ns=qrouter-r1');
    expect(readFileSync(path.join(node, 'netns/qdhcp-n1/iptables-save.txt'), 'utf8')).toContain('# ns=qdhcp-n1');
    expect(readFileSync(path.join(node, 'root/ip-addr.txt'), 'utf8')).toContain('ns=root');
    expect(readFileSync(path.join(node, 'ovs/flows/br-tun.txt'), 'utf8')).toContain('actions=NORMAL (br-tun)');
    expect(readFileSync(path.join(node, 'neutron/dhcp/n1/host'), 'utf8')).toBe(readFileSync(path.join(state, 'dhcp/n1/host'), 'utf8'));
    expect(readFileSync(path.join(node, 'netns/qdhcp-n1/ipset.txt.err'), 'utf8')).toContain('Operation not permitted');
  });

  it('lists every command with its exit status, and what was not available, in MANIFEST', () => {
    const m = manifest(node);
    expect(m['netns.txt']).toEqual(['0', 'ip netns list']);
    expect(m['netns/qrouter-r1/ip-route.txt']).toEqual(['0', 'ip netns exec qrouter-r1 ip -o route show table all']);
    expect(m['root/iptables-save.txt']).toEqual(['0', 'iptables-save -c']);
    expect(m['netns/qdhcp-n1/ipset.txt']).toEqual(['1', 'ip netns exec qdhcp-n1 ipset list']);
    expect(m['ovs/ports.json']).toEqual(['0', 'ovs-vsctl --format=json list Port']);
    expect(m['ovs/flows/br-int.txt']).toEqual(['0', 'ovs-ofctl dump-flows br-int']);
    expect(m['neutron/dhcp/n1/opts']).toEqual(['0', `cp ${state}/dhcp/n1/opts`]);
    // Not installed here (ss), or not on this node (addn_hosts): listed, not fatal.
    for (const where of ['root', 'netns/qrouter-r1', 'netns/qdhcp-n1']) expect(m[`${where}/ss.txt`]).toEqual(['unavailable', 'ss']);
    expect(m['neutron/dhcp/n1/addn_hosts']).toEqual(['absent', `${state}/dhcp/n1/addn_hosts`]);
    expect(Object.values(m).filter(([s]) => !['0', '1', 'unavailable', 'absent'].includes(s))).toEqual([]);
  });

  it('only reads: every tool call is a show, list, dump or save, and the state path is unchanged', () => {
    const calls = readFileSync(full.log, 'utf8').trimEnd().split('\n');
    expect(calls.length).toBeGreaterThan(20);
    expect(calls.filter((c) => !READS.some((r) => r.test(c)))).toEqual([]);
    expect(files(state).map((f) => [f, readFileSync(path.join(state, f), 'utf8')])).toEqual(before);
  });

  it('packs the node into DIR/<host>.tar.gz with --tar', () => {
    const tarOut = path.join(work, 'tar-out');
    const r = capture(full.dir, '--out', tarOut, '--host', 'node1', '--state-path', state, '--tar');
    expect(r.status).toBe(0);
    expect(readdirSync(tarOut)).toEqual(['node1.tar.gz']);
    const listed = execFileSync('tar', ['-tzf', path.join(tarOut, 'node1.tar.gz')], { encoding: 'utf8' }).split('\n').filter((l) => l && !l.endsWith('/'));
    expect(listed.sort()).toEqual(files(node).map((f) => `node1/${f}`));
  });

  it('skips every missing tool on a node without iproute2 or OVS, and still writes its manifest', () => {
    const bare = bin('bare', []);
    const r = capture(bare.dir, '--out', path.join(work, 'bare-out'), '--host', 'node1', '--state-path', path.join(work, 'nowhere'));
    expect(r.status).toBe(0);
    const m = manifest(path.join(work, 'bare-out', 'node1'));
    expect(m['netns.txt']).toEqual(['unavailable', 'ip netns list']);
    expect(m['ovs/show.txt']).toEqual(['unavailable', 'ovs-vsctl show']);
    expect(m['neutron/dhcp']).toEqual(['absent', `${path.join(work, 'nowhere')}/dhcp`]);
    expect(existsSync(path.join(work, 'bare-out', 'node1', 'ovs', 'flows'))).toBe(false);
  });

  it('refuses to overwrite an earlier capture, and an unknown option, with exit 2', () => {
    const again = capture(full.dir, '--out', out, '--host', 'node1', '--state-path', state);
    expect([again.status, again.stderr.trim()]).toEqual([2, `netspec-capture: ${node} exists; remove it or choose another --out`]);
    const typo = capture(full.dir, '--tarr');
    expect([typo.status, typo.stderr.trim()]).toEqual([2, 'netspec-capture: unknown option --tarr (see --help)']);
  });
});

describe('netspec capture', () => {
  it('prints the path of the script shipped in the package', async () => {
    const r = await runCli('capture');
    expect(r).toMatchObject({ code: 0, out: CAPTURE_SCRIPT, err: '' });
    expect(existsSync(r.out)).toBe(true);
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('capture');
  });

  it('prints the script itself with --script, byte for byte, for `netspec capture --script > capture.sh`', async () => {
    const r = await runCli('capture', '--script');
    expect(r.code).toBe(0);
    expect(`${r.out}\n`).toBe(readFileSync(CAPTURE_SCRIPT, 'utf8'));
  });
});

describe('netspec-capture.sh and the agents\' configuration', () => {
  it('keeps only bridge_mappings and the metadata agent\'s target: no secret leaves the node', () => {
    const etc = path.join(work, 'etc');
    mkdirSync(path.join(etc, 'plugins', 'ml2'), { recursive: true });
    writeFileSync(path.join(etc, 'metadata_agent.ini'), '[DEFAULT]\nmetadata_proxy_shared_secret = s3cret\nnova_metadata_host = 10.0.0.11\nnova_metadata_port=8775\n');
    writeFileSync(path.join(etc, 'plugins', 'ml2', 'openvswitch_agent.ini'), '[ovs]\nbridge_mappings = provider:br-ex\n[securitygroup]\nfirewall_driver = openvswitch\n');
    const tools = bin('etc-tools', []);
    const out = path.join(work, 'etc-out');
    const run = capture(tools.dir, '--out', out, '--host', 'node1', '--etc-path', etc, '--state-path', path.join(work, 'none'));
    expect(run.status).toBe(0);
    const node = path.join(out, 'node1');
    expect(readFileSync(path.join(node, 'neutron/etc/metadata_agent.ini'), 'utf8')).toBe('[DEFAULT]\nnova_metadata_host = 10.0.0.11\nnova_metadata_port=8775\n');
    expect(readFileSync(path.join(node, 'neutron/etc/openvswitch_agent.ini'), 'utf8')).toBe('[ovs]\nbridge_mappings = provider:br-ex\n[securitygroup]\n');
    expect(manifest(node)['neutron/etc/metadata_agent.ini']).toEqual(['0', `keys of ${etc}/metadata_agent.ini: nova_metadata_host nova_metadata_port metadata_proxy_socket`]);
  });
});
