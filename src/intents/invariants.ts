/**
 * Each intent becomes an invariant of its own: every (source, destination) pair it selects is
 * traced and judged, so intents appear in the check's table, JSON, JUnit and report with their
 * counterexamples like the built-in invariants.
 */
import { decisivePath } from '../assert/paths';
import { defineStateInvariant } from '../invariants/define';
import { instancesOf, type InstanceInfo } from '../invariants/flows';
import type { Invariant, StateCase } from '../invariants/types';
import type { Cloud } from '../model/types';
import { cidrContains, isIpv4, parseCidr, parseIp } from '../net/ipv4';
import type { Simulation } from '../simulation';
import { requestOutcome } from '../trace/leaves';
import { describeLocation, hopMatches } from '../trace/location';
import type { Trace } from '../trace/types';
import { IntentError } from './load';
import type { Intent, Selector } from './types';

/** Arriving means delivered or answered; leaving the cloud counts only for destinations outside it. */
function arrived(kind: string, dst: string): boolean {
  return kind === 'delivered' || kind === 'answered' || (kind === 'exits' && (dst === 'internet' || isIpv4(dst)));
}

export function intentInvariants(intents: readonly Intent[]): Invariant[] {
  return intents.map((intent) => defineStateInvariant(
    intent.name,
    describeIntent(intent),
    (sim) => intentCases(sim, intent),
  ));
}

/** Names in selectors that name nothing in the cloud: an intent about nothing must not read as green. */
export function assertIntentsResolve(cloud: Cloud, intents: readonly Intent[]): void {
  const issues = intents.flatMap((intent) => (['from', 'to'] as const).flatMap((side) => {
    const problem = unresolved(cloud, intent[side]);
    return problem ? [{ file: intent.origin.file, path: `${intent.origin.path}.${side}`, rule: 'unknown-reference', message: problem }] : [];
  }));
  if (issues.length) throw new IntentError(issues);
}

function* intentCases(sim: Simulation, intent: Intent): Iterable<StateCase> {
  const sources = select(sim, intent.from);
  const destinations = destinationsOf(sim, intent.to);
  let pairs = 0;
  for (const src of sources) {
    for (const dst of destinations) {
      if (dst === src.instance.name) continue;
      pairs++;
      const proto = dst === 'dhcp' ? '' : ` ${intent.proto}${intent.port ? `/${intent.port}` : ''}`;
      const label = `${src.instance.name} → ${dst}${proto}`;
      yield { label, verdict: () => judge(sim.trace(src.instance.name, dst, { proto: intent.proto, dport: intent.port }), dst, intent) };
    }
  }
  if (pairs === 0) yield { label: intent.name, verdict: () => ({ reason: `selects no pair of distinct endpoints in this cloud (from ${selectorText(intent.from)} to ${selectorText(intent.to)})` }) };
}

function judge(t: Trace, dst: string, intent: Intent): ({ reason: string; trace: Trace }) | null {
  if (intent.expect === 'unreachable') {
    const request = requestOutcome(t);
    if (arrived(request.kind, dst)) return { reason: `${request.kind} although the intent says unreachable`, trace: t };
  } else if (!arrived(t.disposition.kind, dst)) {
    const d = t.disposition;
    const where = `${d.at.device}@${d.at.host}`;
    const why = d.kind === 'dropped' ? `dropped at ${where}: ${d.reason}` : d.kind === 'no-route' ? `no route to ${d.destination} at ${where}`
      : d.kind === 'exits' ? `left the cloud at ${where} as ${d.packet}` : `${d.kind} at ${where}`;
    return { reason: `${d.direction === 'reply' ? 'the reply was ' : ''}${why}, although the intent says reachable`, trace: t };
  }
  const path = decisivePath(t);
  for (const loc of intent.via) {
    if (!path.some((h) => hopMatches(loc, h, t))) return { reason: `never passes ${describeLocation(loc)}, which the intent requires`, trace: t };
  }
  for (const loc of intent.avoid) {
    const hop = path.find((h) => hopMatches(loc, h, t));
    if (hop) return { reason: `passes ${describeLocation(loc)} (${hop.device}@${hop.host}), which the intent forbids`, trace: t };
  }
  return null;
}

function select(sim: Simulation, s: Selector): InstanceInfo[] {
  const all = instancesOf(sim);
  if ('instance' in s) return all.filter((i) => i.instance.name === s.instance);
  if ('network' in s) {
    const ids = new Set(sim.cloud.networks.filter((n) => n.name === s.network || n.id === s.network).map((n) => n.id));
    return all.filter((i) => ids.has(i.network));
  }
  if ('security_group' in s) {
    const ids = new Set(sim.cloud.security_groups.filter((g) => g.name === s.security_group || g.id === s.security_group).map((g) => g.id));
    const ports = new Map(sim.cloud.ports.map((p) => [p.id, p]));
    return all.filter((i) => ports.get(i.instance.ports[0])?.security_groups.some((g) => ids.has(g)));
  }
  if ('cidr' in s) {
    const cidr = parseCidr(s.cidr);
    const ports = new Map(sim.cloud.ports.map((p) => [p.id, p]));
    return all.filter((i) => ports.get(i.instance.ports[0])?.fixed_ips.some((f) => cidrContains(cidr, parseIp(f.ip_address))));
  }
  return [];
}

function destinationsOf(sim: Simulation, s: Selector): string[] {
  if ('special' in s) return [s.special];
  if ('address' in s) return [s.address];
  return select(sim, s).map((i) => i.instance.name);
}

function unresolved(cloud: Cloud, s: Selector): string | undefined {
  if ('instance' in s && !cloud.instances.some((i) => i.name === s.instance)) return `no instance named ${JSON.stringify(s.instance)}${hint(s.instance, cloud.instances.map((i) => i.name))}`;
  if ('network' in s && !cloud.networks.some((n) => n.name === s.network || n.id === s.network)) return `no network named ${JSON.stringify(s.network)}${hint(s.network, cloud.networks.map((n) => n.name))}`;
  if ('security_group' in s && !cloud.security_groups.some((g) => g.name === s.security_group || g.id === s.security_group)) {
    return `no security group named ${JSON.stringify(s.security_group)}${hint(s.security_group, cloud.security_groups.map((g) => g.name))}`;
  }
  return undefined;
}

function hint(name: string, names: string[]): string {
  return names.length ? ` (the cloud has: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''})` : '';
}

function selectorText(s: Selector): string {
  const [k, v] = Object.entries(s)[0];
  return k === 'instance' || k === 'special' || k === 'address' ? v : `${k} ${v}`;
}

function describeIntent(i: Intent): string {
  const what = `${i.proto}${i.port ? `/${i.port}` : ''} from ${selectorText(i.from)} to ${selectorText(i.to)}`;
  const via = i.via.length ? ` via ${i.via.map(describeLocation).join(', ')}` : '';
  const avoid = i.avoid.length ? ` avoiding ${i.avoid.map(describeLocation).join(', ')}` : '';
  return `intent (${i.origin.path}): ${what} is ${i.expect}${via}${avoid}`;
}
