import type { MatcherContext } from 'expect';
import { decisivePath } from '../src/assert/paths';
import { traceMessage } from '../src/assert/message';
import { matcherError, requireTrace } from '../src/assert/received';
import { glob } from '../src/trace/location';
import type { Hop } from '../src/trace/types';

export interface TunnelExpectation {
  vni?: number;
  type?: 'vxlan' | 'gre';
  /** Host (glob) that encapsulates. */
  from?: string;
  /** Host (glob) that decapsulates. */
  to?: string;
}

/** The packet crosses a tunnel matching every given field: `toCrossTunnel({ vni: 101, from: 'compute1' })`. */
export function toCrossTunnel(this: MatcherContext, received: unknown, expected: TunnelExpectation = {}) {
  const trace = requireTrace(this, 'toCrossTunnel', received);
  if (typeof expected !== 'object' || expected === null) matcherError(this, 'toCrossTunnel', 'expected value must be an object like { vni?, type?, from?, to? }', expected, 'Expected');
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
  const pass = hits.length > 0;
  return {
    pass,
    message: () => traceMessage(this, 'toCrossTunnel', pass ? 'Expected the packet not to cross a tunnel' : 'Expected the packet to cross a tunnel', expected, trace, hits),
  };
}
