import type { MatcherContext } from 'expect';
import { decisivePath } from '../src/assert/paths';
import { traceMessage } from '../src/assert/message';
import { matcherError, requireTrace } from '../src/assert/received';

export interface NatExpectation {
  kind?: 'SNAT' | 'DNAT' | 'REDIRECT';
  /** The translated address: `203.0.113.101`, or with a port, `192.168.1.1:9697`. */
  to?: string;
}

/** The packet is translated on its way: `toBeNatted({ kind: 'SNAT', to: '203.0.113.101' })`. */
export function toBeNatted(this: MatcherContext, received: unknown, expected: NatExpectation = {}) {
  const trace = requireTrace(this, 'toBeNatted', received);
  if (typeof expected !== 'object' || expected === null) matcherError(this, 'toBeNatted', 'expected value must be an object like { kind?, to? }', expected, 'Expected');
  const hits = decisivePath(trace).filter((h) => h.steps.some((s) => s.t === 'nat'
    && (s.kind === 'SNAT' || s.kind === 'DNAT' || s.kind === 'REDIRECT')
    && (expected.kind === undefined || s.kind === expected.kind)
    && (expected.to === undefined || s.after === expected.to || s.after.startsWith(`${expected.to}:`))));
  const pass = hits.length > 0;
  return {
    pass,
    message: () => traceMessage(this, 'toBeNatted', pass ? 'Expected the packet not to be translated' : 'Expected the packet to be translated', expected, trace, hits),
  };
}
