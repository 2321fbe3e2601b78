import type { MatcherContext } from '../src/assert/matcher-context';
import { decisivePath } from '../src/assert/paths';
import { requireHostPattern } from '../src/assert/location-arg';
import { traceMessage } from '../src/assert/message';
import { requireTrace } from '../src/assert/received';
import { isPort, isString, oneOf, requireOptions } from '../src/assert/options-arg';
import { isBoolean, vacuityNote, type VacuityOptions } from '../src/assert/vacuous';
import { attachTrace } from '../src/report/allure-attach';
import { glob } from '../src/trace/location';
import type { Hop } from '../src/trace/types';

export interface TunnelExpectation extends VacuityOptions {
  vni?: number;
  type?: 'vxlan' | 'gre';
  /** Host (glob) that encapsulates. */
  from?: string;
  /** Host (glob) that decapsulates. */
  to?: string;
}

/**
 * The packet crosses a tunnel matching every given field: `toCrossTunnel({ vni: 101, from: 'compute1' })`.
 * `.not` fails as vacuous when the packet never left its sender, unless `{ evenIfNeverLeft: true }`.
 */
export function toCrossTunnel(this: MatcherContext, received: unknown, expected: TunnelExpectation = {}) {
  const trace = requireTrace(this, 'toCrossTunnel', received);
  requireOptions(this, 'toCrossTunnel', expected, { vni: isPort, type: oneOf('vxlan', 'gre'), from: isString, to: isString, evenIfNeverLeft: isBoolean }, "{ vni?: number, type?: 'vxlan' | 'gre', from?: host, to?: host, evenIfNeverLeft?: boolean }");
  const vacuous = vacuityNote(trace, this.isNot, expected);
  requireHostPattern(this, 'toCrossTunnel', expected.from, trace);
  requireHostPattern(this, 'toCrossTunnel', expected.to, trace);
  const path = decisivePath(trace);
  const hits: Hop[] = [];
  path.forEach((h, i) => {
    for (const s of h.steps) {
      if (s.t !== 'tunnel' || s.op !== 'encap') continue;
      const decap = path.slice(i + 1).find((x) => x.steps.some((y) => y.t === 'tunnel' && y.op === 'decap' && y.vni === s.vni));
      const ok = (expected.vni === undefined || s.vni === expected.vni) && (expected.type === undefined || s.type === expected.type)
        && (expected.from === undefined || glob(expected.from).test(h.host))
        && (expected.to === undefined || (!!decap && glob(expected.to).test(decap.host)));
      if (ok) hits.push(h);
    }
  });
  const pass = !!vacuous || hits.length > 0;
  attachTrace(trace, pass ? [] : hits);
  return {
    pass,
    message: () => traceMessage(this, 'toCrossTunnel', pass ? 'Expected the packet not to cross a tunnel' : 'Expected the packet to cross a tunnel', expected, trace, hits, vacuous),
  };
}
