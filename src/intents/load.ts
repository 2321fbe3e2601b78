/**
 * Intent files (`netspec check --intents FILE`): YAML with one list, `intents:`. Every mistake is
 * collected with its file, path and rule and reported at once, as for topology files.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { formatIssue, type TopologyIssue } from '../model/errors';
import { isCidr, isIpv4 } from '../net/ipv4';
import { isLocation, type Location } from '../trace/location';
import type { Intent, Selector } from './types';

export class IntentError extends Error {
  override readonly name = 'IntentError';
  constructor(readonly issues: TopologyIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.stack = `${this.name}: ${this.message}`;
  }
}

const FIELDS = new Set(['name', 'from', 'to', 'proto', 'port', 'expect', 'via', 'avoid']);
const SELECTOR_KEYS = ['instance', 'network', 'security_group', 'cidr'] as const;
const SPECIALS = new Set(['internet', 'dhcp', 'metadata']);

export function loadIntents(file: string): Intent[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new IntentError([{ file, path: '(file)', rule: 'file', message: `cannot read intents file: ${why}` }]);
  }
  return parseIntents(text, file);
}

export function parseIntents(text: string, file: string): Intent[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter: lines });
  if (doc.errors.length) {
    throw new IntentError(doc.errors.map((e) => ({ file, path: `line ${lines.linePos(e.pos[0]).line}`, rule: 'syntax', message: e.message.split('\n')[0] })));
  }
  let data: unknown;
  try { data = doc.toJS(); } catch (e) {
    throw new IntentError([{ file, path: '(document)', rule: 'syntax', message: (e as Error).message }]);
  }
  const issues: TopologyIssue[] = [];
  const add = (path: string, rule: string, message: string) => { issues.push({ file, path, rule, message }); };
  const list = isRecord(data) && Object.hasOwn(data, 'intents') ? data.intents : undefined;
  if (!Array.isArray(list) || list.length === 0) {
    add('intents', 'required', 'the file must hold a non-empty list "intents:"');
    throw new IntentError(issues);
  }
  for (const key of Object.keys(data as object)) if (key !== 'intents' && key !== '$schema') add(key, 'unknown-field', `unknown field ${JSON.stringify(key)} (the file holds only "intents")`);
  const intents: Intent[] = [];
  const names = new Set<string>();
  list.forEach((raw, i) => {
    const at = `intents[${i}]`;
    if (!isRecord(raw)) { add(at, 'type', 'an intent is a mapping with from, to and expect'); return; }
    for (const key of Object.keys(raw)) if (!FIELDS.has(key)) add(`${at}.${key}`, 'unknown-field', `unknown field ${JSON.stringify(key)} (fields: ${[...FIELDS].join(', ')})`);
    const from = selector(raw.from, `${at}.from`, 'source', add);
    const to = selector(raw.to, `${at}.to`, 'destination', add);
    const expect = raw.expect;
    if (expect !== 'reachable' && expect !== 'unreachable') add(`${at}.expect`, 'enum', 'must be "reachable" or "unreachable"');
    const proto = raw.proto ?? 'icmp';
    if (proto !== 'icmp' && proto !== 'tcp' && proto !== 'udp') add(`${at}.proto`, 'enum', 'must be icmp, tcp or udp');
    const port = raw.port;
    if (port !== undefined && (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535)) add(`${at}.port`, 'range', 'must be an integer from 1 to 65535');
    if (port !== undefined && proto === 'icmp') add(`${at}.port`, 'port-without-protocol', 'a port needs proto tcp or udp');
    const via = locations(raw.via, `${at}.via`, add);
    const avoid = locations(raw.avoid, `${at}.avoid`, add);
    if (via.length && expect === 'unreachable') add(`${at}.via`, 'via-unreachable', 'an unreachable intent has no path to pass through; use avoid');
    const name = raw.name === undefined ? `${label(raw.from)} → ${label(raw.to)} ${expect}` : raw.name;
    if (typeof name !== 'string' || !name.trim()) add(`${at}.name`, 'type', 'must be a non-empty string');
    else if (names.has(name)) add(`${at}.name`, 'duplicate', `another intent is named ${JSON.stringify(name)}`);
    else names.add(name);
    if (from && to && typeof name === 'string') {
      intents.push({
        name, from, to, proto: proto as Intent['proto'], ...(port !== undefined ? { port: port as number } : {}),
        expect: expect as Intent['expect'], via, avoid, origin: { file, path: at },
      });
    }
  });
  if (issues.length) throw new IntentError(issues);
  return intents;
}

type Add = (path: string, rule: string, message: string) => void;

function selector(raw: unknown, path: string, role: 'source' | 'destination', add: Add): Selector | undefined {
  if (raw === undefined) { add(path, 'required', `the ${role} is required`); return undefined; }
  if (typeof raw === 'string' && raw.trim()) {
    if (SPECIALS.has(raw)) {
      if (role === 'source') { add(path, 'source', `${raw} cannot be a source: traffic starts at instances`); return undefined; }
      return { special: raw as 'internet' | 'dhcp' | 'metadata' };
    }
    if (isCidr(raw)) return { cidr: raw };
    if (isIpv4(raw)) {
      if (role === 'source') { add(path, 'source', 'a source is an instance, network, security group or CIDR, not an address'); return undefined; }
      return { address: raw };
    }
    return { instance: raw };
  }
  if (isRecord(raw)) {
    const keys = Object.keys(raw);
    const key = SELECTOR_KEYS.find((k) => Object.hasOwn(raw, k));
    const value = key ? raw[key] : undefined;
    if (keys.length !== 1 || !key || typeof value !== 'string' || !value.trim()) {
      add(path, 'selector', `a selector is a name, or one of ${SELECTOR_KEYS.map((k) => `{ ${k}: NAME }`).join(', ')}`);
      return undefined;
    }
    if (key === 'cidr' && !isCidr(value)) { add(`${path}.cidr`, 'cidr', `${JSON.stringify(value)} is not an IPv4 CIDR`); return undefined; }
    return { [key]: value } as Selector;
  }
  add(path, 'selector', 'must be an instance name, internet, dhcp, metadata, an address, a CIDR or a selector mapping');
  return undefined;
}

function locations(raw: unknown, path: string, add: Add): Location[] {
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  const out: Location[] = [];
  list.forEach((l, i) => {
    if (isLocation(l) && (typeof l !== 'string' || l.trim())) out.push(l);
    else add(Array.isArray(raw) ? `${path}[${i}]` : path, 'location', 'must be a location: a device glob, device@host, a router, network or instance name, or a mapping');
  });
  return out;
}

function label(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (isRecord(raw)) return Object.entries(raw).map(([k, v]) => `${k} ${String(v)}`).join(' ');
  return String(raw);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
