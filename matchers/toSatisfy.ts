import type { MatcherContext } from '../src/assert/matcher-context';
import { indent } from '../src/assert/message';
import { matcherError, requireSimulation } from '../src/assert/received';
import type { Invariant, InvariantResult } from '../src/invariants/types';
import { renderMinimal } from '../src/trace/views/minimal';
import { renderArpCopy } from '../src/trace/views/arp-copy';
import { attachInvariant } from '../src/report/allure-attach';
import { NOT_APPLICABLE_REASON } from '../src/invariants/status';

export interface SatisfyOptions {
  /** Accept an invariant that judged no flow because the cloud has none of its kind (otherwise that fails). */
  evenIfNoFlow?: boolean;
}

function isInvariant(x: unknown): x is Invariant {
  return typeof x === 'object' && x !== null && typeof (x as Invariant).check === 'function' && typeof (x as Invariant).name === 'string';
}

function summary(r: InvariantResult): string {
  return `${r.flows} flow${r.flows === 1 ? '' : 's'} checked (${r.classes} traced)`;
}

/** A predicate on the received value, as Vitest's and jest-extended's `toSatisfy` take. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the received value's type is the caller's
export type Predicate = (received: any) => boolean;

/**
 * The cloud satisfies a cloud-wide invariant: `expect(sim).toSatisfy(sameNetworkNeverRouted)`.
 * A failure prints the counterexample's trace with the offending hop marked. An invariant that
 * judged no flow fails, negated or not, unless `{ evenIfNoFlow: true }`. A predicate
 * (`toSatisfy((x) => ...)`, as in Vitest and jest-extended) passes when it returns true.
 */
export function toSatisfy(this: MatcherContext, received: unknown, invariant: Invariant | Predicate, options?: SatisfyOptions) {
  if (typeof invariant === 'function') return satisfiesPredicate(this, received, invariant);
  const sim = requireSimulation(this, 'toSatisfy', received);
  if (!isInvariant(invariant)) matcherError(this, 'toSatisfy', 'expected value must be a netspec invariant (e.g. sameNetworkNeverRouted)', invariant, 'Expected');
  const noFlowOk = options?.evenIfNoFlow;
  if (options !== undefined && (typeof options !== 'object' || options === null || Object.keys(options).some((k) => k !== 'evenIfNoFlow')
    || (noFlowOk !== undefined && typeof noFlowOk !== 'boolean'))) {
    matcherError(this, 'toSatisfy', 'expected options must be an object like { evenIfNoFlow?: boolean }', options, 'Expected');
  }
  const result = invariant.check(sim);
  // Judging nothing proves nothing either way: it fails `.toSatisfy` and `.not.toSatisfy` alike.
  const idle = !result.applicable && noFlowOk !== true;
  const pass = idle ? this.isNot : result.holds;
  attachInvariant(result);
  const hint = this.utils.matcherHint(`${this.isNot ? '.not' : ''}.toSatisfy`, 'received', 'expected');
  const expected = `${this.isNot ? 'Expected the cloud not to satisfy' : 'Expected the cloud to satisfy'}:\n  ${this.utils.printExpected(invariant.name)}: ${invariant.description}`;
  return {
    pass,
    message: () => {
      if (idle) return `${hint}\n\n${expected}\nReceived: not applicable, ${NOT_APPLICABLE_REASON} (pass { evenIfNoFlow: true } to accept that)`;
      if (pass) return `${hint}\n\n${expected}\nReceived: it holds; ${summary(result)}, no counterexample`;
      const v = result.violations[0];
      const copy = v.trace && v.hop ? renderArpCopy(v.trace, v.hop) : undefined;
      const drawn = v.trace ? `\n${indent(renderMinimal(v.trace, { mark: new Set(v.hop ? [v.hop] : []) }))}${copy ? `\n${indent(copy)}` : ''}` : '';
      return `${hint}\n\n${expected}\nReceived: a counterexample after ${summary(result)}:\n  ${v.flow}: ${this.utils.printReceived(v.reason)}${drawn}`;
    },
  };
}

/** Vitest's and jest-extended's `toSatisfy(predicate)`, which netspec's matcher replaces. */
function satisfiesPredicate(ctx: MatcherContext, received: unknown, predicate: (received: unknown) => boolean) {
  const pass = predicate(received) === true;
  const hint = ctx.utils.matcherHint(`${ctx.isNot ? '.not' : ''}.toSatisfy`, 'received', 'predicate');
  return {
    pass,
    message: () => `${hint}\n\nExpected the value ${ctx.isNot ? 'not ' : ''}to satisfy the predicate\nReceived: ${ctx.utils.printReceived(received)}`,
  };
}
