import type { Simulation } from '../simulation';
import type { FlowCase, Verdict } from './define';
import { instancesOf, label, pairs } from './flows';
import type { Trace } from '../trace/types';

/**
 * The flows whose every hop an invariant about encapsulation inspects: each instance to every
 * other instance, to the internet, DHCP and metadata.
 */
export function* everyFlow(sim: Simulation, verdict: (t: Trace) => Verdict): Generator<FlowCase> {
  const list = instancesOf(sim);
  for (const [a, b] of pairs(list)) {
    yield { label: label(a, b), from: a.instance.name, to: b.instance.name, trace: () => sim.trace(a.instance.name, b.instance.name), verdict };
  }
  for (const a of list) {
    for (const to of ['internet', 'dhcp', 'metadata']) {
      yield { label: label(a, to), from: a.instance.name, to, trace: () => sim.trace(a.instance.name, to), verdict };
    }
  }
}
