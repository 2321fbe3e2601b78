/**
 * `npm run conformance`: netspec against a real Neutron.
 *
 * Brings Neutron up on loopback in namespaces (neutron-up.sh), then for each cloud of clouds.ts:
 * creates it through the REST API, plugs its instances as os-vif does, sends the real probes
 * (DHCP, ping, metadata, TCP), runs netspec-capture.sh on both nodes and saves the API dump; then
 * prints the importer's fidelity to what was created, the drift seam, and per probe the real
 * outcome beside netspec's trace on the captured state and on the imported cloud's simulated one.
 * Everything is torn down at the end, on an error and on SIGINT/SIGTERM (neutron-down.sh).
 *
 *   --clouds a,b     only these clouds          --fixtures   copy each run's capture, API dump and
 *   --keep           leave Neutron running                   probes.json to examples/captured/conformance-<cloud>/
 *   --reuse          use a Neutron a previous --keep left running
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importOpenStack } from '../../src/import';
import { readCaptured } from '../../src/captured';
import { bootGuests } from '../../src/engine/dhclient';
import { realize } from '../../src/realize';
import { CLOUDS, probeLabel, type CloudDef, type ProbeDef } from './clouds';
import { NeutronApi, type Json } from './neutron-api';
import { compareImport, type Created } from './fidelity';
import { printDrift } from './drift-seam';
import { traceProbe, writeProbeTable, type ProbeResult, type Outcome } from './probes';

const REPO = path.resolve(__dirname, '..', '..', '..');
const HERE = path.join(REPO, 'bench', 'conformance');
const B = process.env.CONFORMANCE_DIR ?? '/tmp/netspec-conformance';
const OUT = path.join(process.env.CONFORMANCE_OUT ?? `${B}-out`);
const say = (s = '') => process.stdout.write(`${s}\n`);
const seconds = (t0: number) => ((Date.now() - t0) / 1000).toFixed(1);

const { values: args } = parseArgs({
  options: { clouds: { type: 'string' }, fixtures: { type: 'boolean' }, keep: { type: 'boolean' }, reuse: { type: 'boolean' } },
});

let tornDown = false;
function down(): void {
  if (tornDown || args.keep) return;
  tornDown = true;
  const t0 = Date.now();
  spawnSync(path.join(HERE, 'neutron-down.sh'), { stdio: ['ignore', 'ignore', 'inherit'] });
  say(`torn down in ${seconds(t0)} s`);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => { say(`\n${sig}: tearing down`); down(); process.exit(130); });

function sh(file: string, ...a: string[]): string {
  return execFileSync(path.join(HERE, file), a, { encoding: 'utf8', env: { ...process.env, CONFORMANCE_DIR: B } });
}
function inGuest(ns: string, cmd: string[], timeoutMs = 15000): { status: number; out: string } {
  const r = spawnSync('ip', ['netns', 'exec', ns, ...cmd], { encoding: 'utf8', timeout: timeoutMs });
  return { status: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}
const remember = (ns: string) => appendFileSync(path.join(B, 'namespaces.txt'), `${ns}\n`);

interface Guest { def: CloudDef['instances'][number]; ns: string; port: Json }
interface Built { created: Created; guests: Map<string, Guest>; routerIps: Map<string, string>; project: string }

async function create(api: NeutronApi, def: CloudDef): Promise<Built> {
  const project = `conformance-${def.name}`;
  const created: Created = { networks: [], subnets: [], routers: [], instances: [] };
  const subnetIds = new Map<string, string>();
  const netIds = new Map<string, string>();
  for (const n of def.networks) {
    const net = (await api.post('networks', { network: { name: n.name, project_id: project } })).network;
    remember(`qdhcp-${net.id}`);
    netIds.set(n.name, net.id);
    created.networks.push({ id: net.id, name: n.name });
    for (const s of n.subnets) {
      const sub = (await api.post('subnets', { subnet: { name: s.name, network_id: net.id, cidr: s.cidr, ip_version: 4, project_id: project } })).subnet;
      subnetIds.set(s.name, sub.id);
      created.subnets.push({ id: sub.id, name: s.name, network_id: net.id, cidr: sub.cidr, gateway_ip: sub.gateway_ip });
    }
  }
  const routerIps = new Map<string, string>();
  for (const r of def.routers) {
    const router = (await api.post('routers', { router: { name: r.name, project_id: project } })).router;
    remember(`qrouter-${router.id}`);
    const interfaces: Created['routers'][number]['interfaces'] = [];
    for (const s of r.interfaces) {
      const itf = await api.put(`routers/${router.id}/add_router_interface`, { subnet_id: subnetIds.get(s) });
      const ip = (await api.get(`ports/${itf.port_id}`)).port.fixed_ips[0].ip_address as string;
      interfaces.push({ port_id: itf.port_id, subnet_id: itf.subnet_id, ip });
      routerIps.set(`${r.name}/${s}`, ip);
    }
    created.routers.push({ id: router.id, name: r.name, interfaces });
  }
  const guests = new Map<string, Guest>();
  for (const v of def.instances) {
    const device = randomUUID();
    const port = (await api.post('ports', { port: {
      name: v.name, network_id: netIds.get(v.network), project_id: project, device_owner: 'compute:nova', device_id: device,
      'binding:host_id': `nsc-node${v.node}`, fixed_ips: [{ subnet_id: subnetIds.get(v.subnet) }],
    } })).port;
    const ns = `nsc-${def.name}-${v.name}`;
    sh('guest.sh', 'plug', ns, String(v.node), port.id, port.mac_address, device);
    guests.set(v.name, { def: v, ns, port });
    created.instances.push({ name: v.name, device_id: device, port_id: port.id, mac: port.mac_address,
      ip: port.fixed_ips[0].ip_address, subnet_id: port.fixed_ips[0].subnet_id, host: `nsc-node${v.node}` });
  }
  for (const g of guests.values()) {
    await api.until(`port ${g.def.name} ACTIVE`, 60, async () => (await api.get(`ports/${g.port.id}`)).port.status === 'ACTIVE');
  }
  // The agents finish on their own time: dnsmasq's hosts and the metadata proxies come after ACTIVE.
  const state = path.join(B, 'node1', 'state');
  for (const n of created.networks) {
    const macs = created.instances.filter((i) => def.instances.find((d) => d.name === i.name && netIds.get(d.network) === n.id)).map((i) => i.mac);
    await api.until(`dnsmasq hosts of ${n.name}`, 60, async () => {
      const f = path.join(state, 'dhcp', n.id, 'host');
      return existsSync(f) && macs.every((m) => readFileSync(f, 'utf8').includes(m));
    });
  }
  const proxied = def.routers.length ? created.routers.map((r) => r.id) : created.networks.map((n) => n.id);
  for (const id of proxied) {
    await api.until(`metadata proxy of ${id}`, 60, async () => existsSync(path.join(state, 'ns-metadata-proxy', `${id}.conf`)));
  }
  return { created, guests, routerIps, project };
}

function realProbe(p: ProbeDef, built: Built): Outcome {
  const g = built.guests.get(p.from)!;
  const ip = (name: string) => built.guests.get(name)!.port.fixed_ips[0].ip_address as string;
  switch (p.kind) {
    case 'dhcp': {
      const r = inGuest(g.ns, ['busybox', 'udhcpc', '-i', 'eth0', '-n', '-q', '-f', '-t', '5', '-T', '1', '-O', 'staticroutes', '-O', 'mtu', '-s', path.join(HERE, 'udhcpc-script.sh')]);
      const lease = /lease: ip=(\S+)/.exec(r.out)?.[1];
      return lease === ip(p.from) ? { ok: true, detail: `lease ${lease}` } : { ok: false, detail: lease ? `lease ${lease}, not ${ip(p.from)}` : 'no lease' };
    }
    case 'ping': {
      const r = inGuest(g.ns, ['ping', '-c1', '-W2', ip(p.to)]);
      return r.status === 0 ? { ok: true, detail: 'echo reply' } : { ok: false, detail: 'no reply' };
    }
    case 'metadata': {
      const r = inGuest(g.ns, ['curl', '-s', '-m5', '-w', '\n%{http_code}', 'http://169.254.169.254/openstack/latest/meta_data.json']);
      const code = r.out.trim().split('\n').pop();
      const instance = /"instance": "([^"]+)"/.exec(r.out)?.[1];
      if (code === '200' && instance === g.port.device_id) return { ok: true, detail: 'HTTP 200 from Nova, as this instance' };
      return { ok: false, detail: code === '200' ? `HTTP 200 for instance ${instance}` : `curl exit ${r.status}` };
    }
    case 'tcp': {
      const r = inGuest(g.ns, ['curl', '-s', '-o', '/dev/null', '-m2', `http://${built.routerIps.get(`${p.router}/${p.subnet}`)}:${p.dport}/`]);
      if (r.status === 28) return { ok: false, detail: 'timed out (no answer)' };
      if (r.status === 7) return { ok: true, detail: 'refused (RST)' };
      return { ok: true, detail: `connected (curl exit ${r.status})` };
    }
  }
}

async function dump(api: NeutronApi, built: Built, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const mine = (xs: Json[]) => xs.filter((x) => x.project_id === built.project);
  for (const [file, coll, url] of [['networks', 'networks', 'networks'], ['subnets', 'subnets', 'subnets'], ['ports', 'ports', 'ports'],
    ['routers', 'routers', 'routers'], ['security_groups', 'security_groups', 'security-groups']] as const) {
    const all = (await api.get(url))[coll] as Json[];
    writeFileSync(path.join(dir, `${file}.json`), `${JSON.stringify({ [coll]: mine(all) }, null, 1)}\n`);
  }
  writeFileSync(path.join(dir, 'agents.json'), `${JSON.stringify(await api.get('agents'), null, 1)}\n`);
  // The agents' configuration as an operator would add it to the dump: the files the agents ran
  // with, the run's paths as the packages' defaults and the metadata proxy's shared secret left out.
  const anon = (s: string, n: number) => s.replaceAll(path.join(B, `node${n}`, 'log'), '/var/log/neutron')
    .split('\n').filter((l) => !l.startsWith('metadata_proxy_shared_secret')).join('\n');
  writeFileSync(path.join(dir, 'ml2_conf.ini'), readFileSync(path.join(B, 'ml2_conf.ini'), 'utf8'));
  for (const f of ['dhcp_agent.ini', 'l3_agent.ini', 'metadata_agent.ini']) {
    writeFileSync(path.join(dir, f), anon(readFileSync(path.join(B, 'node1', 'etc', f), 'utf8'), 1));
  }
  for (const n of [1, 2]) {
    mkdirSync(path.join(dir, `nsc-node${n}`), { recursive: true });
    writeFileSync(path.join(dir, `nsc-node${n}`, 'openvswitch_agent.ini'),
      anon(readFileSync(path.join(B, `node${n}`, 'etc', 'plugins', 'ml2', 'openvswitch_agent.ini'), 'utf8'), n));
  }
}

async function destroy(api: NeutronApi, built: Built): Promise<void> {
  for (const g of built.guests.values()) {
    sh('guest.sh', 'unplug', g.ns, String(g.def.node), g.port.id);
    await api.delete(`ports/${g.port.id}`);
  }
  for (const r of built.created.routers) {
    for (const i of r.interfaces) await api.put(`routers/${r.id}/remove_router_interface`, { port_id: i.port_id });
    await api.delete(`routers/${r.id}`);
  }
  for (const n of built.created.networks) await api.delete(`networks/${n.id}`);
  const gone = [...built.created.routers.map((r) => `qrouter-${r.id}`), ...built.created.networks.map((n) => `qdhcp-${n.id}`)];
  await api.until('the agents to remove the namespaces', 60, async () => gone.every((n) => !existsSync(`/run/netns/${n}`))).catch(() => undefined);
}

interface CloudSummary { name: string; items: number; matched: number; probes: number; capturedAgree: number; simulatedAgree: number; seconds: number }

async function runCloud(api: NeutronApi, def: CloudDef): Promise<CloudSummary> {
  const t0 = Date.now();
  say(`\n=== ${def.name}: ${def.about}`);
  const built = await create(api, def);
  say(`created in ${seconds(t0)} s (${built.created.networks.length} networks, ${built.created.subnets.length} subnets, ${built.created.routers.length} routers, ${built.guests.size} instances)`);

  const results: ProbeResult[] = [];
  for (const p of def.probes) {
    let real: Outcome = { ok: false, detail: '' };
    // A probe is tried three times: a flow the agent is still installing is not a fault.
    for (let attempt = 0; attempt < 3 && !real.ok; attempt++) real = realProbe(p, built);
    const r: ProbeResult = { probe: probeLabel(p), kind: p.kind, from: p.from, real };
    if (p.kind === 'ping') r.to = p.to;
    if (p.kind === 'tcp') { r.address = built.routerIps.get(`${p.router}/${p.subnet}`); r.dport = p.dport; }
    results.push(r);
  }

  const dir = path.join(OUT, def.name);
  rmSync(dir, { recursive: true, force: true });
  for (const n of [1, 2]) sh('capture-node.sh', String(n), dir);
  await dump(api, built, path.join(dir, 'openstack'));
  say(`probed, captured and dumped in ${seconds(t0)} s`);

  const imported = importOpenStack(path.join(dir, 'openstack'), { name: def.name, out: path.join(OUT, `${def.name}.yaml`) });
  writeFileSync(path.join(OUT, `${def.name}.yaml`), imported.yaml);
  const fidelity = compareImport(built.created, imported.cloud);
  const matched = fidelity.filter((f) => f.ok).length;
  say(`importer fidelity: ${matched}/${fidelity.length} items as created`);
  for (const f of fidelity.filter((x) => !x.ok)) say(`  ✗ ${f.item}: created ${f.expected}, imported ${f.imported}`);
  printDrift(REPO, path.join(OUT, `${def.name}.yaml`), dir, say);

  const captured = readCaptured(dir);
  const byReason = new Map<string, number>();
  for (const n of captured.notUnderstood) byReason.set(n.reason, (byReason.get(n.reason) ?? 0) + 1);
  say(`capture: ${captured.nodes.length} nodes, ${captured.notUnderstood.length} lines not understood${captured.notUnderstood.length ? ':' : ''}`);
  for (const [reason, n] of [...byReason].sort((a, b) => b[1] - a[1])) say(`  ${String(n).padStart(4)}  ${reason}`);
  const capturedDp = bootGuests(captured.dataplane);
  const simulatedDp = realize(imported.cloud);
  for (const r of results) { r.captured = traceProbe(capturedDp, r); r.simulated = traceProbe(simulatedDp, r); }
  writeFileSync(path.join(dir, 'probes.json'), `${JSON.stringify(results, null, 1)}\n`);
  writeProbeTable(results, say);

  if (args.fixtures) {
    const fx = path.join(REPO, 'examples', 'captured', `conformance-${def.name}`);
    rmSync(fx, { recursive: true, force: true });
    cpSync(dir, fx, { recursive: true });
  }
  await destroy(api, built);
  const agree = (k: 'captured' | 'simulated') => results.filter((r) => r[k]!.ok === r.real.ok).length;
  return { name: def.name, items: fidelity.length, matched, probes: results.length, capturedAgree: agree('captured'), simulatedAgree: agree('simulated'), seconds: (Date.now() - t0) / 1000 };
}

async function main(): Promise<void> {
  const wanted = args.clouds?.split(',');
  const clouds = wanted ? CLOUDS.filter((c) => wanted.includes(c.name)) : CLOUDS;
  if (wanted && clouds.length !== wanted.length) throw new Error(`--clouds: known clouds are ${CLOUDS.map((c) => c.name).join(', ')}`);
  const t0 = Date.now();
  if (!(args.reuse && existsSync(path.join(B, 'state.env')))) {
    say('bringing Neutron up (neutron-up.sh)');
    execFileSync(path.join(HERE, 'neutron-up.sh'), { stdio: 'inherit', env: { ...process.env, CONFORMANCE_DIR: B } });
  }
  const bringUp = (Date.now() - t0) / 1000;
  say(`Neutron up in ${bringUp.toFixed(1)} s`);
  const env = readFileSync(path.join(B, 'state.env'), 'utf8');
  const api = new NeutronApi(/^API=(.*)$/m.exec(env)![1]);
  mkdirSync(OUT, { recursive: true });
  const t1 = Date.now();
  const summaries: CloudSummary[] = [];
  for (const c of clouds) summaries.push(await runCloud(api, c));
  say(`\n=== summary (bring-up ${bringUp.toFixed(1)} s, clouds ${seconds(t1)} s)`);
  say('cloud               fidelity   probes  captured agrees  simulated agrees  time');
  for (const s of summaries) {
    say(`${s.name.padEnd(20)}${`${s.matched}/${s.items}`.padEnd(11)}${String(s.probes).padEnd(8)}${`${s.capturedAgree}/${s.probes}`.padEnd(17)}${`${s.simulatedAgree}/${s.probes}`.padEnd(18)}${s.seconds.toFixed(1)} s`);
  }
}

main().then(() => { down(); }, (e: unknown) => { process.stderr.write(`conformance: ${(e as Error).stack ?? e}\n`); down(); process.exit(1); });
