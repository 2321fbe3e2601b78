/**
 * `importOpenStack(dir)`: a running cloud's dump (OpenStack CLI `-f json` output or Neutron/Nova
 * API responses) → a topology file that `loadTopology` accepts. Every problem is reported at once
 * as a `TopologyError` whose issues name the dump's file and resource; the generated spec is
 * validated by the loader itself before it is handed back, and a validation issue is reported
 * against the resource it came from, not against a line of YAML the user never wrote.
 */
import { basename, resolve } from 'node:path';
import { TopologyError, type TopologyIssue } from '../model/errors';
import { normalizeCloud } from '../model/normalize';
import { parseTopology } from '../model/load';
import type { CloudSpec } from '../model/spec';
import type { Cloud } from '../model/types';
import { buildSpec } from './build';
import { Dump } from './dump';
import { Issues, type Source } from './issues';
import { Reader } from './read';
import { AgentConfigs } from './agent-configs';
import type { Records } from './records';
import { renderYaml, schemaRef } from './render';

export interface ImportOptions {
  /** The cloud's name; default the directory's name. */
  name?: string;
  /** Where the YAML will be written: `$schema` is made relative to it (default ./cloud.yaml). */
  out?: string;
}

export interface ImportResult {
  spec: CloudSpec;
  /** The topology file's text, header and `$schema` line included. */
  yaml: string;
  /** The normalized cloud the file loads as. */
  cloud: Cloud;
  /** What was derived, assumed or left out (also in the file's header). */
  notes: string[];
}

export function importOpenStack(dir: string, opts: ImportOptions = {}): ImportResult {
  const issues = new Issues();
  const dump = new Dump(dir, issues);
  const recs = new Reader(dump, issues).all();
  const configs = new AgentConfigs(dir, issues);
  // A missing or unreadable file would only make every reference into it fail as well.
  issues.throwIfAny();

  const name = opts.name ?? (basename(resolve(dir)) || 'cloud');
  const built = buildSpec(recs, issues, name, configs);
  issues.throwIfAny();

  const out = opts.out ?? 'cloud.yaml';
  const translate = (e: unknown): never => {
    if (!(e instanceof TopologyError)) throw e;
    throw new TopologyError(e.issues.map((i) => sourced(i, built.provenance)));
  };
  let cloud: Cloud;
  try { cloud = normalizeCloud(built.spec, out); } catch (e) { return translate(e); }

  const notes = [...built.notes, ...dhcpNotes(recs, cloud)];
  const header = headerLines(dir, dump.formats, configs.read, notes);
  const yaml = renderYaml({ spec: built.spec, schema: schemaRef(out), header, hostNotes: built.hostNotes });
  // The file must load exactly as `netspec check --topology` will load it.
  try { cloud = parseTopology(yaml, out); } catch (e) { return translate(e); }
  const hostNotes = built.spec.hosts.flatMap((h) => (built.hostNotes.get(h.name) ?? []).map((n) => `host ${h.name}: ${n}`));
  return { spec: built.spec, yaml, cloud, notes: [...hostNotes, ...notes] };
}

const SPEC_PATH = /\b(?:hosts|networks|subnets|routers|instances|security_groups|floatingips|trunks)\[\d+\](?:(?:\.[\w:]+)|(?:\[\d+\]))*/g;

/** Reports a validation issue against the dump's resource the spec item came from. */
function sourced(issue: TopologyIssue, provenance: Map<string, Source>): TopologyIssue {
  const find = (path: string): Source | undefined => {
    let best: string | undefined;
    for (const k of provenance.keys()) {
      if ((path === k || path.startsWith(`${k}.`) || path.startsWith(`${k}[`)) && (!best || k.length > best.length)) best = k;
    }
    return best === undefined ? undefined : provenance.get(best);
  };
  const src = find(issue.path);
  if (!src) return issue;
  const message = issue.message.replace(SPEC_PATH, (p) => {
    const s = find(p);
    return s ? (s.file === src.file ? s.what : `${s.what} of ${s.file}`) : p;
  });
  return { file: src.file, path: src.what, rule: issue.rule, message: `${message} (at ${issue.path} of the imported topology)` };
}

/** DHCP ports are derived by netspec: say where they differ from the dump's. */
function dhcpNotes(recs: Records, cloud: Cloud): string[] {
  const notes: string[] = [];
  const real = recs.ports.filter((p) => p.owner === 'network:dhcp');
  for (const s of cloud.subnets) {
    const ours = cloud.ports.find((p) => p.device_owner === 'network:dhcp' && p.fixed_ips.some((f) => f.subnet_id === s.id));
    const theirs = real.filter((p) => p.fixedIps.some((f) => f.subnetId === s.id));
    const ip = ours?.fixed_ips.find((f) => f.subnet_id === s.id)?.ip_address;
    const ips = theirs.flatMap((p) => p.fixedIps.filter((f) => f.subnetId === s.id).map((f) => f.ip));
    if (theirs.length > 1) notes.push(`subnet ${s.name}: ${theirs.length} DHCP ports in the dump; netspec runs one DHCP agent per network`);
    if (ip && ips.length && !ips.includes(ip)) notes.push(`subnet ${s.name}: netspec's DHCP port takes ${ip}, the dump's has ${ips.join(', ')}`);
    if (!ip && ips.length) notes.push(`subnet ${s.name}: the dump has a DHCP port (${ips.join(', ')}) but netspec serves no DHCP there`);
    const host = theirs[0]?.host;
    if (ours && host && host !== ours['binding:host_id']) notes.push(`subnet ${s.name}: DHCP served from ${ours['binding:host_id']}, the dump's DHCP port is on ${host}`);
  }
  return notes;
}

function headerLines(dir: string, formats: Map<string, 'cli' | 'api'>, configFiles: string[], notes: string[]): string[] {
  const by = (f: 'cli' | 'api') => [...formats].filter(([, v]) => v === f).map(([k]) => k).sort();
  const lines = [`Imported by \`netspec import --openstack ${dir}\` from:`];
  if (by('cli').length) lines.push('  OpenStack CLI output:', ...wrap(by('cli'), '    '));
  if (by('api').length) lines.push('  Neutron/Nova API responses:', ...wrap(by('api'), '    '));
  if (configFiles.length) lines.push('  Agent and ML2 configuration files:', ...wrap(configFiles, '    '));
  lines.push('', 'Not in the topology format, so derived by netspec rather than imported:');
  lines.push('  - names of all ports; fixed IPs of DHCP ports (allocated as Neutron does; a difference is listed below)');
  if (notes.length) {
    lines.push('', 'Assumed or left out (check these against the cloud):');
    for (const n of notes) lines.push(`  - ${n}`);
  }
  return lines;
}

/** Comma-separated words in lines of at most ~96 characters. */
function wrap(words: string[], indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && indent.length + line.length + w.length + 2 > 96) { lines.push(`${indent}${line},`); line = ''; }
    line = line ? `${line}, ${w}` : w;
  }
  if (line) lines.push(`${indent}${line}`);
  return lines;
}
