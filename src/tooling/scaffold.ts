/**
 * `netspec scaffold`: a behaviour spec for a user's cloud that records how it moves packets today.
 * One describe per network and per router; for each class of flow (same network on one host,
 * across hosts, across a router, DHCP, metadata, the internet) one representative trace, written
 * down as explicit expectations: the outcome, NAT, tunnels, listeners reached, and the decisive
 * path as location patterns (`'br-tun@compute1'`, `qrouter('router1')`); then every invariant that
 * applies, via `toSatisfy`. Everything generated sits in `// netspec:generated` blocks, so running
 * it again after the cloud changed rewrites those and leaves hand-written tests alone.
 *
 * No ts-morph: the spec is written as text. Names are data: in code they are only ever string
 * literals (`tsString`), in comments `commentText`, in block markers `blockId` (see ts-text.ts).
 */
import { dirname, relative, sep } from 'node:path';
import { decisivePath, finalHop } from '../assert/paths';
import type { Fault } from '../dataplane/faults';
import type { Dataplane } from '../dataplane/types';
import { builtinInvariants } from '../invariants';
import type { Cloud, Instance, Network, Router } from '../model/types';
import { simulate, type Simulation } from '../simulation';
import { mainPath } from '../trace/leaves';
import type { Hop, Trace } from '../trace/types';
import { findBlocks, mergeBlocks, renderBlock, type Block, type MergeResult } from './generated-blocks';
import { deterministicTestId, ID_COMMENT, idAbove, projectPath } from './test-ids';
import { blockId, commentText, parseTsString, tsString as str } from './ts-text';

export interface ScaffoldOptions {
  /** The topology file the spec loads (as a path from the working directory); without it, `referenceCloud()`. */
  topology?: string;
  /** Where the spec will live: the topology path is written relative to it, and tests get ids. */
  outFile?: string;
  /** The spec as it is now: only its generated blocks change. */
  existing?: string;
  /** What-if: the spec runs on the data plane with these faults injected (its expectations are still today's). */
  faults?: readonly Fault[];
  /** Record from this data plane instead of the one the cloud realizes to (e.g. one with a fault injected). */
  dataplane?: Dataplane;
}

export interface ScaffoldResult {
  text: string;
  /** Ids of the generated blocks, in order. */
  blocks: string[];
  /** How an existing spec changed. */
  merge?: MergeResult;
}

/** The spec for `cloud`, or `options.existing` with its generated blocks brought up to date. */
export function scaffoldSpec(cloud: Cloud, options: ScaffoldOptions = {}): ScaffoldResult {
  const sim = simulate(cloud, options.dataplane);
  const ids = new IdKeeper(options);
  const used = new Set<string>();
  const blocks: Block[] = [];
  const body: Block[] = [];
  for (const n of cloud.networks) body.push(networkBlock(sim, n, ids, used));
  for (const r of cloud.routers) body.push(routerBlock(sim, r, ids, used));
  body.push(invariantsBlock(sim, ids, used));
  blocks.push(setupBlock(cloud, options, used), ...body);
  if (options.existing !== undefined) {
    const merge = mergeBlocks(options.existing, blocks);
    return { text: merge.text, blocks: blocks.map((b) => b.id), merge };
  }
  const text = `${header(cloud, options)}\n${blocks.map(renderBlock).join('\n\n')}\n`;
  return { text, blocks: blocks.map((b) => b.id) };
}

function header(cloud: Cloud, options: ScaffoldOptions): string {
  const source = options.topology ? `the topology ${commentText(options.topology.split(sep).join('/'))}` : 'the reference cloud';
  return `/**
 * Behaviour spec for the cloud ${commentText(JSON.stringify(cloud.name))} (${source}), scaffolded by \`netspec scaffold\`:
 * how it moves packets today, written down as explicit expectations.
 *
 * Blocks between \`// netspec:generated begin <id>\` and \`// netspec:generated end <id>\` are rewritten
 * when \`netspec scaffold\` runs again after the cloud changes (edits inside them are lost). Everything
 * outside them is yours: add hand-written tests below or between the blocks.
 */`;
}

// ------------------------------------------------------------------------------------ blocks

function setupBlock(cloud: Cloud, options: ScaffoldOptions, used: Set<string>): Block {
  const lines: string[] = [];
  let load: string;
  if (options.topology) {
    if (options.outFile) {
      const rel = relative(dirname(options.outFile), options.topology).split(sep).join('/');
      lines.push("import { join } from 'node:path';");
      load = `loadTopology(join(__dirname, ${str(rel)}))`;
    } else load = `loadTopology(${str(options.topology.split(sep).join('/'))})`;
    used.add('loadTopology');
  } else {
    load = 'referenceCloud()';
    used.add('referenceCloud');
  }
  used.add('simulate');
  const faults = options.faults ?? [];
  if (faults.length) used.add('inject');
  const names = [...used].sort();
  const oneLineImport = `import { ${names.join(', ')} } from 'netspec';`;
  lines.push(oneLineImport.length <= 100 ? oneLineImport : `import {\n${wrapList(names.map((n) => `${n},`), 2)}\n} from 'netspec';`, '');
  if (faults.length) {
    lines.push(`// What-if: the expectations below are the cloud ${commentText(JSON.stringify(cloud.name))} as it was scaffolded; the spec runs`,
      '// them on its data plane with these faults injected.');
    lines.push(`const healthy = simulate(${load});`);
    lines.push(`const faults = [\n${faults.map((f) => `  ${literal(f)},`).join('\n')}\n] as const;`);
    lines.push('const sim = healthy.withDataplane(faults.reduce((dp, fault) => inject(dp, fault), healthy.dataplane));');
  } else lines.push(`const sim = simulate(${load});`);
  return { id: 'setup', body: lines.join('\n') };
}

interface Member { instance: Instance; network: Network }

function members(cloud: Cloud): Member[] {
  const out: Member[] = [];
  for (const i of cloud.instances) {
    const port = cloud.ports.find((p) => p.id === i.ports[0]);
    const network = port && cloud.networks.find((n) => n.id === port.network_id);
    if (network) out.push({ instance: i, network });
  }
  return out;
}

function networkBlock(sim: Simulation, n: Network, ids: IdKeeper, used: Set<string>): Block {
  const id = blockId('network', n.name);
  const on = members(sim.cloud).filter((m) => m.network.id === n.id).map((m) => m.instance);
  if (on.length === 0) return { id, body: `// network ${commentText(n.name)}: no instances, nothing to trace` };
  const title = `network ${n.name}`;
  const tests: string[] = [];
  const notes: string[] = [];
  const sameHost = pairs(on).find(([a, b]) => a.host === b.host);
  if (sameHost) tests.push(flowTest(sim, ids, used, id, title, `same network, same host: ${sameHost[0].name} → ${sameHost[1].name} on ${sameHost[0].host}`, sameHost[0].name, sameHost[1].name));
  else notes.push(`same network, same host: no two instances of ${n.name} share a host`);
  const across = pairs(on).find(([a, b]) => a.host !== b.host);
  if (across) tests.push(flowTest(sim, ids, used, id, title, `same network, across hosts: ${across[0].name} (${across[0].host}) → ${across[1].name} (${across[1].host})`, across[0].name, across[1].name));
  else notes.push(`same network, across hosts: all instances of ${n.name} are on one host`);
  if (sim.cloud.subnets.some((s) => s.network_id === n.id && s.enable_dhcp)) tests.push(flowTest(sim, ids, used, id, title, `DHCP from ${on[0].name}`, on[0].name, 'dhcp'));
  else notes.push(`DHCP: no subnet of ${n.name} has DHCP enabled`);
  tests.push(flowTest(sim, ids, used, id, title, `metadata from ${on[0].name}`, on[0].name, 'metadata'));
  return { id, body: describe(title, notes, tests) };
}

function routerBlock(sim: Simulation, r: Router, ids: IdKeeper, used: Set<string>): Block {
  const id = blockId('router', r.name);
  const cloud = sim.cloud;
  const attached: Network[] = [];
  for (const pid of r.interfaces) {
    const net = cloud.networks.find((n) => n.id === cloud.ports.find((p) => p.id === pid)?.network_id);
    if (net && !attached.includes(net)) attached.push(net);
  }
  const firstOn = (n: Network) => members(cloud).find((m) => m.network.id === n.id)?.instance;
  const title = `router ${r.name}`;
  const tests: string[] = [];
  const notes: string[] = [];
  for (const [a, b] of pairs(attached)) {
    const from = firstOn(a);
    const to = firstOn(b);
    if (from && to) tests.push(flowTest(sim, ids, used, id, title, `across ${r.name}: ${from.name} (${a.name}) → ${to.name} (${b.name})`, from.name, to.name));
  }
  if (attached.length < 2) notes.push(`across ${r.name}: it joins ${attached.length ? `only ${attached[0].name}` : 'no network'}`);
  if (r.external_gateway_info) {
    for (const n of attached) {
      const from = firstOn(n);
      if (from) tests.push(flowTest(sim, ids, used, id, title, `internet from ${from.name} (${n.name})`, from.name, 'internet'));
    }
  } else notes.push(`internet: ${r.name} has no external gateway`);
  if (tests.length === 0) return { id, body: `// ${commentText(`${title}: ${notes.join('; ')}`)}` };
  return { id, body: describe(title, notes, tests) };
}

function invariantsBlock(sim: Simulation, ids: IdKeeper, used: Set<string>): Block {
  const id = 'invariants';
  const title = 'cloud-wide invariants';
  const tests: string[] = [];
  const notApplicable: string[] = [];
  for (const inv of builtinInvariants) {
    const result = inv.check(sim);
    if (result.flows === 0) { notApplicable.push(inv.name); continue; }
    used.add(inv.name);
    const name = `${inv.name} holds`;
    const v = result.violations[0];
    const lines = [`// ${inv.description}`, ...(v
      ? [`// Violated when scaffolded (${commentText(oneLine(`${v.flow}: ${v.reason}`))}): it.failing passes while it is; make it \`it\` once fixed.`,
        ...ids.lines(id, title, name), `it.failing(${str(name)}, () => {`]
      : [...ids.lines(id, title, name), `it(${str(name)}, () => {`])];
    tests.push([...lines, `  expect(sim).toSatisfy(${inv.name});`, '});'].join('\n'));
  }
  const notes = notApplicable.length ? [`not applicable (no flows of their kind in this cloud): ${notApplicable.join(', ')}`] : [];
  return { id, body: describe(title, notes, tests) };
}

function describe(title: string, notes: string[], tests: string[]): string {
  const inner = [...notes.map((n) => `// ${commentText(n)}`), ...(notes.length ? [''] : []), tests.join('\n\n')].join('\n');
  return `describe(${str(title)}, () => {\n${indent(inner, 2)}\n});`;
}

// ------------------------------------------------------------------------------------ one flow

function flowTest(sim: Simulation, ids: IdKeeper, used: Set<string>, block: string, describeTitle: string,
  name: string, from: string, to: string): string {
  const t = sim.trace(from, to);
  const lines = [
    ...ids.lines(block, describeTitle, name),
    `it(${str(name)}, () => {`,
    `  const t = sim.trace(${str(from)}, ${str(to)});`,
    ...expectations(t, used).map((l) => indent(l, 2)),
    '});',
  ];
  return lines.join('\n');
}

const SERVING = new Set(['server', 'relay', 'dhcp-server']);

/** The trace as it is, as expectations: outcome, NAT, tunnels, listeners reached, path. */
function expectations(t: Trace, used: Set<string>): string[] {
  const out: string[] = [];
  const d = t.disposition;
  switch (d.kind) {
    case 'delivered': out.push(`expect(t).toBeDeliveredTo(${str(d.to)});`); break;
    case 'answered': out.push(`expect(t).toBeAnsweredBy(${str(d.by)});`); break;
    case 'dropped': {
      const hop = finalHop(t);
      out.push(`expect(t).toBeDropped({ ${hop ? `by: ${where(hop, used)}, ` : ''}reason: ${str(d.reason)} });`);
      break;
    }
    case 'no-route': out.push(`expect(t).toBeDropped({ reason: ${str(`no route to ${d.destination}`)} });`); break;
    default: out.push(`expect(t.disposition.kind).toBe(${str(d.kind)});`);
  }
  const path = decisivePath(t);
  const nats = unique(path.flatMap((h) => h.steps.flatMap((s) => (s.t === 'nat' && (s.kind === 'SNAT' || s.kind === 'DNAT' || s.kind === 'REDIRECT')
    ? [`expect(t).toBeNatted({ kind: ${str(s.kind)}, to: ${str(s.after)} });`] : []))));
  out.push(...(nats.length ? nats : ['expect(t).not.toBeNatted();']));
  const request = mainPath(t.root);
  const tunnels = unique(request.flatMap((h, i) => h.steps.flatMap((s) => {
    if (s.t !== 'tunnel' || s.op !== 'encap') return [];
    const decap = request.slice(i + 1).find((x) => x.steps.some((y) => y.t === 'tunnel' && y.op === 'decap' && y.vni === s.vni));
    return [`expect(t).toCrossTunnel({ vni: ${s.vni}, type: ${str(s.type)}, from: ${str(h.host)}${decap ? `, to: ${str(decap.host)}` : ''} });`];
  })));
  out.push(...(tunnels.length ? tunnels : ['expect(t).not.toCrossTunnel();']));
  if (path.length && path.every((h) => h.host === path[0].host)) out.push('expect(t).toStayOnHost();');
  out.push(...unique(request.flatMap((h) => h.steps.flatMap((s) => (s.t === 'deliver' && SERVING.has(s.listener.behaviour.kind)
    ? [`expect(t).toReachPort(${s.listener.port}, { in: ${where(h, used)} }); // ${s.listener.process}`] : [])))));
  out.push(...traverseInOrder(request, t.reply ? mainPath(t.reply) : [], used));
  return out;
}

function traverseInOrder(request: Hop[], reply: Hop[], used: Set<string>): string[] {
  const wrap = (hops: Hop[]) => wrapList(hops.map((h) => `${where(h, used)},`), 2).split('\n');
  return [
    'expect(t).toTraverseInOrder([',
    ...wrap(request),
    ...(reply.length ? ['  // the reply', ...wrap(reply)] : []),
    ']);',
  ];
}

/** Items joined by spaces into rows of at most ~100 characters, each row indented. */
function wrapList(items: string[], pad: number): string {
  const rows: string[] = [];
  let row = '';
  for (const item of items) {
    if (row && row.length + 1 + item.length > 98 - pad) { rows.push(row); row = ''; }
    row = row ? `${row} ${item}` : item;
  }
  if (row) rows.push(row);
  return rows.map((r) => ' '.repeat(pad) + r).join('\n');
}

const ID_PART = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{8}-[0-9a-f]{2}$/g;

/** A hop as a location pattern that survives re-creating its ports: no ids, names for namespaces. */
function where(h: Hop, used: Set<string>): string {
  if (h.role === 'qrouter' && h.owner) { used.add('qrouter'); return `qrouter(${str(h.owner)})`; }
  if (h.role === 'qdhcp' && h.owner) { used.add('qdhcp'); return `qdhcp(${str(h.owner)})`; }
  const device = h.device.replace(ID_PART, '*');
  // `@` separates device from host in the string form; a device (an instance) named with one needs the object form.
  if (device.includes('@')) return `{ device: ${str(device)}, host: ${str(h.host)} }`;
  return str(`${device}@${h.host}`);
}

// ------------------------------------------------------------------------------------ ids

/**
 * Test ids for generated tests: the id a test had in the spec before (matched by block and
 * title), else the one `netspec ids --fix` would give it. None without an output file.
 */
class IdKeeper {
  private readonly old = new Map<string, string>();
  private readonly taken = new Set<string>();
  private readonly path?: string;

  constructor(options: ScaffoldOptions) {
    if (!options.outFile) return;
    this.path = projectPath(options.outFile);
    if (options.existing === undefined) return;
    const lines = options.existing.split('\n');
    lines.forEach((l) => { const m = ID_COMMENT.exec(l); if (m) this.taken.add(m[1].toLowerCase()); });
    for (const b of findBlocks(options.existing)) {
      for (let i = b.begin; i < b.end; i++) {
        const m = /^\s*it(?:\.failing)?\(((['"])(?:(?!\2)[^\\]|\\.)*\2)/.exec(lines[i]);
        const title = m ? parseTsString(m[1]) : undefined;
        const id = title !== undefined && idAbove(lines, i + 1);
        if (id) this.old.set(`${b.id}\n${title}`, id.id);
      }
    }
  }

  lines(block: string, describeTitle: string, title: string): string[] {
    if (!this.path) return [];
    let id = this.old.get(`${block}\n${title}`);
    for (let salt = 0; !id; salt++) {
      const candidate = deterministicTestId(this.path, [describeTitle, title], salt);
      if (!this.taken.has(candidate)) id = candidate;
    }
    this.taken.add(id);
    return [`// @id ${id}`];
  }
}

// ------------------------------------------------------------------------------------ text

function pairs<T>(xs: readonly T[]): [T, T][] {
  const out: [T, T][] = [];
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) out.push([xs[i], xs[j]]);
  return out;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text.split('\n').map((l) => (l ? pad + l : l)).join('\n');
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ');
  return t.length > 120 ? `${t.slice(0, 117)}...` : t;
}

/** A TypeScript literal for plain data: `{ kind: 'rule-missing', table: 'nat' }`. */
export function literal(v: unknown): string {
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return `{ ${entries.map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : str(k)}: ${literal(x)}`).join(', ')} }`;
  }
  throw new TypeError(`literal: cannot write ${typeof v}`);
}
