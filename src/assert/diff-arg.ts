import type { MatcherContext } from './matcher-context';
import { matcherError } from './received';
import { diff, isDiff, type Diff } from '../whatif/diff';
import { isFork } from '../whatif/fork';
import { renderChange } from '../whatif/render';
import type { FlowChange } from '../whatif/diff';
import { indent } from './message';

/** What-if matchers take a diff, or a fork (diffed against its base on the way). */
export function requireDiff(ctx: MatcherContext, matcher: string, received: unknown): Diff {
  if (isDiff(received)) return received;
  if (isFork(received)) return diff(received);
  return matcherError(ctx, matcher, 'received value must be a netspec Diff (from diff(base, changed)) or a Fork (from fork(cloud))', received);
}

/** At most this many changed classes are drawn in a message; the rest are counted. */
const DRAWN = 3;

/** The changed classes, each with its walk before and after, the first few drawn. */
export function drawChanges(changes: readonly FlowChange[]): string {
  const shown = changes.slice(0, DRAWN).map((c) => indent(renderChange(c)));
  const rest = changes.length - DRAWN;
  return [...shown, ...(rest > 0 ? [`  … and ${rest} more changed class${rest === 1 ? '' : 'es'}`] : [])].join('\n\n');
}

/** At most this many changed classes go to the report, each with two pictures: a big change stays readable. */
export const ATTACHED = 20;

/** A diff that compared no flow proved nothing: its matchers fail, negated or not. */
export const NO_FLOW_REASON = 'compared no flow: neither cloud has an instance with an address';
