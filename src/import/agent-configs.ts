/**
 * The agents' and ML2's configuration files, when the dump has them: what the API does not say
 * (isolated and forced metadata, the L3 agent's metadata port) or says only with an admin's
 * `agent show` (bridge mappings, tunnel types, nova_metadata_host). A file in DIR applies to every
 * host running that agent; one in DIR/<host>/ to that host alone, and wins over DIR's.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { iniBool, parseIni, type Ini } from './ini';
import type { Issues, Source } from './issues';

export const CONFIG_FILES = ['ml2_conf.ini', 'openvswitch_agent.ini', 'dhcp_agent.ini', 'l3_agent.ini', 'metadata_agent.ini'] as const;
export type ConfigFile = (typeof CONFIG_FILES)[number];

export interface Setting<T> {
  value: T;
  /** The file, and `[section] key (line N)`. */
  src: Source;
  /** From the host's own file (DIR/<host>/), not the dump-wide one. */
  ownFile: boolean;
}

export class AgentConfigs {
  private readonly parsed = new Map<string, Ini>();
  /** Files read, as the user would name them, for the topology's header. */
  readonly read: string[] = [];
  /** Subdirectories holding a configuration file: host names, to be checked against the hosts. */
  readonly hostDirs: string[] = [];

  constructor(private readonly dir: string, private readonly issues: Issues) {
    this.load('');
    for (const d of readdirSync(dir).sort()) {
      let isDir = false;
      try { isDir = statSync(join(dir, d)).isDirectory(); } catch { /* unreadable: not a host directory */ }
      if (isDir && CONFIG_FILES.some((f) => existsSync(join(dir, d, f)))) { this.hostDirs.push(d); this.load(d); }
    }
  }

  private load(sub: string): void {
    for (const f of CONFIG_FILES) {
      const path = join(this.dir, sub, f);
      if (!existsSync(path)) continue;
      let text: string;
      try { text = readFileSync(path, 'utf8'); } catch (e) {
        this.issues.add({ file: path, what: '(file)' }, 'file', `cannot read: ${(e as Error).message}`);
        continue;
      }
      this.parsed.set(join(sub, f), parseIni(text, path, this.issues));
      this.read.push(join(sub, f));
    }
  }

  /** DIR/<sub>, as the user would name it. */
  dirOf(sub: string): string { return join(this.dir, sub); }

  /** Whether any host or the whole dump has `file`. */
  has(file: ConfigFile): boolean { return [...this.parsed.keys()].some((k) => k === file || k.endsWith(`/${file}`)); }

  /** The setting in `host`'s own file, else in the dump-wide one. */
  get(file: ConfigFile, section: string, key: string, host?: string): Setting<string> | undefined {
    for (const rel of host === undefined ? [file] : [join(host, file), file]) {
      const v = this.parsed.get(rel)?.get(section)?.get(key.toLowerCase());
      if (v) return { value: v.value.trim(), src: { file: join(this.dir, rel), what: `[${section}] ${key} (line ${v.line})` }, ownFile: rel !== file };
    }
    return undefined;
  }

  /** A BoolOpt; a value oslo.config would refuse is reported. */
  bool(file: ConfigFile, section: string, key: string, host?: string): Setting<boolean> | undefined {
    const s = this.get(file, section, key, host);
    if (!s) return undefined;
    const value = iniBool(s.value);
    if (value === undefined) { this.issues.add(s.src, 'format', `must be true or false, not ${JSON.stringify(s.value)}`); return undefined; }
    return { ...s, value };
  }

  /** A PortOpt. */
  port(file: ConfigFile, section: string, key: string, host?: string): Setting<number> | undefined {
    const s = this.get(file, section, key, host);
    if (!s) return undefined;
    const n = /^\d+$/.test(s.value) ? Number(s.value) : NaN;
    if (!(n >= 1 && n <= 65535)) { this.issues.add(s.src, 'format', `must be a port number (1..65535), not ${JSON.stringify(s.value)}`); return undefined; }
    return { ...s, value: n };
  }
}
