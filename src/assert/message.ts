import type { MatcherContext } from './matcher-context';
import { renderMinimal } from '../trace/views/minimal';
import type { Hop, Trace } from '../trace/types';

const indent = (s: string) => s.split('\n').map((l) => `  ${l}`).join('\n');

/**
 * jest-extended's anatomy: the hint, a blank line, "Expected …:" with the expectation indented,
 * "Received:" with the trace in the minimal view, offending hops marked ✗.
 */
export function traceMessage(
  ctx: MatcherContext, matcher: string, expectation: string, expected: unknown, trace: Trace, mark: Hop[] = [], note?: string, noArgument = false,
): string {
  const hint = ctx.utils.matcherHint(`${ctx.isNot ? '.not' : ''}.${matcher}`, 'received', noArgument ? '' : 'expected');
  const body = renderMinimal(trace, { mark: new Set(mark) });
  const shown = isEmptyObject(expected) ? '(anything)' : ctx.utils.printExpected(expected);
  return `${hint}\n\n${expectation}:\n  ${shown}\nReceived:\n${indent(body)}${note ? `\n\n${note}` : ''}`;
}

function isEmptyObject(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Object.keys(x).length === 0;
}

export { indent };
