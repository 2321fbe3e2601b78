import type { Simulation } from '../simulation';
import { pathOf, works, type Diff } from './diff';

/**
 * The reference `diff` must agree with: every flow walked on its own in both clouds, no classes,
 * nothing reused. Too slow for a large cloud; tests and the bench compare the two on small ones.
 */
export function perFlowChanges(base: Simulation, changed: Simulation): string[] {
  const vms = (s: Simulation) => new Set(s.cloud.instances.filter((i) => s.dataplane.endpoints.instances.some((e) => e.name === i.name)).map((i) => i.name));
  const inBase = vms(base), inChanged = vms(changed);
  const all = [...new Set([...inBase, ...inChanged])];
  const out: string[] = [];
  for (const a of all) {
    for (const to of [...all.filter((x) => x !== a), 'internet', 'dhcp', 'metadata']) {
      const has = (s: Set<string>) => s.has(a) && (to === 'internet' || to === 'dhcp' || to === 'metadata' || s.has(to));
      const tb = has(inBase) ? base.trace(a, to) : undefined;
      const tc = has(inChanged) ? changed.trace(a, to) : undefined;
      const kind = works(tb) && !works(tc) ? 'broken' : !works(tb) && works(tc) ? 'working' : tb && tc && pathOf(tb) !== pathOf(tc) ? 'rerouted' : undefined;
      if (kind) out.push(`${kind} ${a} → ${to}`);
    }
  }
  return out.sort();
}

/** What a diff says, flow by flow, in the same form: `broken vm1 → dhcp`, sorted. */
export function diffVerdicts(d: Diff): string[] {
  return (['broken', 'working', 'rerouted'] as const).flatMap((k) => d[k].flatMap((c) => c.flows.map((f) => `${k} ${f}`))).sort();
}
