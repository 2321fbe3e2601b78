/**
 * `npm run bench:peer`: netspec check against the peer it races, side by side in one run.
 *
 * Builds the OVN topology of 50 logical switches × 20 ports on one logical router (a private
 * NB/SB ovsdb and ovn-northd on unix sockets in a temporary directory) and the equivalent netspec
 * cloud (the same CIDRs, MACs and addresses, on 10 compute hosts), then times, five times
 * interleaved and each as a whole process: one `ovn-trace` call of a routed flow, and
 * `netspec check --topology` proving every built-in invariant over every flow of that cloud.
 * Prints both medians and the ratio (target: netspec check / ovn-trace < 1.0).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { normalizeCloud } from '../src/model/normalize';
import type { Cloud, Port } from '../src/model/types';
import { generateCloudSpec } from './generate-cloud';
import { ensureOvn, startOvn, type OvnSandbox } from './peer/ovn-sandbox';
import { dhcpOptions, ovnBatches, ovnPortName, portGroups } from './peer/ovn-topology';
import { ms, table } from './table';

const SHAPE = { computeHosts: 10, networks: 50, instances: 1000, routers: 1, seed: 1 };
const ROUNDS = Number(process.env.NETSPEC_PEER_ROUNDS ?? 5);

export function peerBench(opts: { install?: boolean } = {}): void {
  console.log('== (e) side by side with ovn-trace: 50 networks × 20 instances on one router, 10 compute hosts, whole processes\n');
  const ovn = ensureOvn(opts.install ?? false);
  if (!ovn.ok) { console.log(`skipped: ${ovn.why}\n`); return; }
  const spec = generateCloudSpec(SHAPE);
  const cloud = normalizeCloud(spec, 'peer');
  const work = mkdtempSync(path.join(os.tmpdir(), 'netspec-peer-'));
  let sandbox: OvnSandbox | undefined;
  try {
    const topology = path.join(work, 'cloud.json');
    writeFileSync(topology, JSON.stringify(spec));
    sandbox = startOvn();
    buildOvn(sandbox, cloud);
    const flow = routedFlow(cloud);
    const ovnTrace = ['ovn-trace', [`--db=${sandbox.sb}`, '--minimal', flow.datapath, flow.match]] as const;
    const first = spawnSync(...ovnTrace, { encoding: 'utf8' });
    if (first.status !== 0 || !first.stdout.includes(`output("${flow.to}")`)) {
      throw new Error(`ovn-trace did not deliver ${flow.label} to ${flow.to}: ${first.stderr || first.stdout.slice(-400)}`);
    }
    const cli = [process.execPath, [netspecBin(), 'check', '--topology', topology, '--results', path.join(work, 'results')]] as const;
    const ovnMs: number[] = [];
    const netspecMs: number[] = [];
    const exits = new Set<number>();
    for (let i = 0; i < ROUNDS; i++) {
      ovnMs.push(wall(() => spawnSync(...ovnTrace, { stdio: 'ignore' })));
      netspecMs.push(wall(() => { exits.add(spawnSync(...cli, { stdio: 'ignore' }).status ?? -1); }));
    }
    // A check that failed or stopped early proves nothing: its time is no figure.
    if (exits.size !== 1 || !exits.has(0)) throw new Error(`netspec check exited ${[...exits].join(', ')} on the peer cloud (expected 0 every round)`);
    const [o, n] = [median(ovnMs), median(netspecMs)];
    console.log(table(['run', 'what', 'median', 'min', 'max'], [
      ['ovn-trace --minimal', `one routed flow (${flow.label}), ${ROUNDS}×`, ms(o), ms(Math.min(...ovnMs)), ms(Math.max(...ovnMs))],
      ['netspec check', `every invariant over every flow (exit 0), ${ROUNDS}×`, ms(n), ms(Math.min(...netspecMs)), ms(Math.max(...netspecMs))],
    ]));
    console.log(`\nratio netspec check / ovn-trace: ${(n / o).toFixed(2)} (target < 1.0: ${n / o < 1 ? 'PASS' : 'MISS'}); load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
  } finally {
    sandbox?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

function buildOvn(s: OvnSandbox, cloud: Cloud): void {
  for (const batch of ovnBatches(cloud)) s.nbctl(batch);
  const set: string[] = [];
  for (const d of dhcpOptions(cloud)) {
    const options = Object.entries(d.options).map(([k, v]) => `"${k}"="${v}"`).join(' ');
    const uuid = s.nbctl(['create', 'DHCP_Options', `cidr=${d.cidr}`, `options=${options}`]).trim();
    for (const p of d.ports) set.push('--', 'lsp-set-dhcpv4-options', p, uuid);
  }
  if (set.length) s.nbctl(set);
  const groups: string[] = [];
  for (const [pg, ports] of portGroups(cloud)) groups.push('--', 'pg-set-ports', pg, ...ports);
  s.nbctl(groups);
  s.nbctl(['--wait=sb', 'sync']);
}

/** An ICMP echo from the first instance of the first network to the first of the last network, through the router. */
function routedFlow(cloud: Cloud): { datapath: string; match: string; to: string; label: string } {
  const vm = (p: Port) => p.device_owner.startsWith('compute:');
  const tenant = cloud.networks.filter((n) => !n['router:external']);
  const [a, b] = [tenant[0], tenant[tenant.length - 1]].map((n) => cloud.ports.find((p) => vm(p) && p.network_id === n.id)!);
  const gw = cloud.ports.find((p) => p.device_owner === 'network:router_interface' && p.network_id === a.network_id)!;
  const name = (p: Port) => cloud.instances.find((i) => i.ports.includes(p.id))?.name ?? p.id;
  return {
    datapath: `ls_${a.network_id}`,
    to: ovnPortName(cloud, b),
    label: `${name(a)} → ${name(b)}`,
    match: `inport == "${ovnPortName(cloud, a)}" && eth.src == ${a.mac_address} && eth.dst == ${gw.mac_address} && ip4.src == ${a.fixed_ips[0].ip_address}`
      + ` && ip4.dst == ${b.fixed_ips[0].ip_address} && ip.ttl == 64 && icmp4.type == 8`,
  };
}

/** The CLI a user runs: `bin/netspec` of this package, found from here whether compiled or not. */
function netspecBin(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'bin', 'netspec')) && existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'bin', 'netspec');
  }
  throw new Error('bin/netspec not found above the bench');
}

function wall(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

// Run on its own (npm run bench:peer), the bench may install Debian's ovn-central when missing.
if (require.main === module) peerBench({ install: true });
