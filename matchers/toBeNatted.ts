import type { MatcherContext } from '../src/assert/matcher-context';
import { decisivePath } from '../src/assert/paths';
import { traceMessage } from '../src/assert/message';
import { requireTrace } from '../src/assert/received';
import { isString, oneOf, requireOptions } from '../src/assert/options-arg';
import { isBoolean, vacuityNote, type VacuityOptions } from '../src/assert/vacuous';
import { attachTrace } from '../src/report/allure-attach';

export interface NatExpectation extends VacuityOptions {
  kind?: 'SNAT' | 'DNAT' | 'REDIRECT';
  /** The translated address: `203.0.113.101`, or with a port, `192.168.1.1:9697`. */
  to?: string;
}

/**
 * The packet is translated on its way: `toBeNatted({ kind: 'SNAT', to: '203.0.113.101' })`.
 * `.not` fails as vacuous when the packet never left its sender, unless `{ evenIfNeverLeft: true }`.
 */
export function toBeNatted(this: MatcherContext, received: unknown, expected: NatExpectation = {}) {
  const trace = requireTrace(this, 'toBeNatted', received);
  requireOptions(this, 'toBeNatted', expected, { kind: oneOf('SNAT', 'DNAT', 'REDIRECT'), to: isString, evenIfNeverLeft: isBoolean }, "{ kind?: 'SNAT' | 'DNAT' | 'REDIRECT', to?: address, evenIfNeverLeft?: boolean }");
  const vacuous = vacuityNote(trace, this.isNot, expected);
  const hits = decisivePath(trace).filter((h) => h.steps.some((s) => s.t === 'nat'
    && (s.kind === 'SNAT' || s.kind === 'DNAT' || s.kind === 'REDIRECT')
    && (expected.kind === undefined || s.kind === expected.kind)
    && (expected.to === undefined || s.after === expected.to || s.after.startsWith(`${expected.to}:`))));
  const pass = !!vacuous || hits.length > 0;
  attachTrace(trace, pass ? [] : hits);
  return {
    pass,
    message: () => traceMessage(this, 'toBeNatted', pass ? 'Expected the packet not to be translated' : 'Expected the packet to be translated', expected, trace, hits, vacuous),
  };
}
