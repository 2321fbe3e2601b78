import type { MatcherContext } from 'expect';
import { renderMinimal } from '../trace/views/minimal';
import type { Hop, Trace } from '../trace/types';

const indent = (s: string) => s.split('\n').map((l) => `  ${l}`).join('\n');

/**
 * jest-extended's anatomy: the hint, a blank line, "Expected …:" with the expectation indented,
 * "Received:" with the trace in the minimal view, offending hops marked ✗.
 */
export function traceMessage(
  ctx: MatcherContext, matcher: string, expectation: string, expected: unknown, trace: Trace, mark: Hop[] = [], note?: string,
): string {
  const hint = ctx.utils.matcherHint(`${ctx.isNot ? '.not' : ''}.${matcher}`, 'received', 'expected');
  const body = renderMinimal(trace, { mark: new Set(mark) });
  return `${hint}\n\n${expectation}:\n  ${ctx.utils.printExpected(expected)}\nReceived:\n${indent(body)}${note ? `\n\n${note}` : ''}`;
}

export { indent };
