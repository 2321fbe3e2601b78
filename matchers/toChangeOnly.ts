import type { MatcherContext } from '../src/assert/matcher-context';
import { ATTACHED, drawChanges, NO_FLOW_REASON, requireDiff } from '../src/assert/diff-arg';
import { matcherError } from '../src/assert/received';
import { attachChange } from '../src/report/allure-attach';
import { closest } from '../src/util/did-you-mean';
import type { ChangeKind, Diff, FlowChange } from '../src/whatif/diff';
import { CHANGE_TITLES } from '../src/whatif/render';

/** A flow as `'vm1 → vm3'` (or `'vm1 -> vm3'`), or `{ from: 'vm1', to: 'dhcp' }`. */
export type FlowRef = string | { from: string; to: string };

export interface ChangeOnlyOptions {
  /** How every one of them must change: `'broken'`, `'working'` or `'rerouted'`. */
  as?: ChangeKind;
}

const KINDS: readonly ChangeKind[] = ['broken', 'working', 'rerouted'];

function parseFlow(ctx: MatcherContext, f: unknown): [string, string] {
  if (typeof f === 'object' && f !== null && typeof (f as { from?: unknown }).from === 'string' && typeof (f as { to?: unknown }).to === 'string') {
    return [(f as { from: string }).from, (f as { to: string }).to];
  }
  const m = typeof f === 'string' ? /^\s*(\S+)\s*(?:→|->)\s*(\S+)\s*$/.exec(f) : null;
  if (!m) matcherError(ctx, 'toChangeOnly', "each flow must be 'from → to' (or 'from -> to') or { from, to }", f, 'Expected');
  return [m[1], m[2]];
}

/** Every endpoint a flow of the diff can name: instances of either cloud, and the special destinations. */
function endpoints(d: Diff): Set<string> {
  return new Set(['internet', 'dhcp', 'metadata', ...d.base.cloud.instances.map((i) => i.name), ...d.changed.cloud.instances.map((i) => i.name)]);
}

/**
 * Exactly these flows change, and nothing else: `expect(diff(base, changed)).toChangeOnly(['vm1 →
 * dhcp'], { as: 'broken' })`. A flow changes when its outcome or its path does; with `as`, each
 * must change that way. A failure draws every unexpected change with its walk before and after.
 * A diff that compared no flow fails, negated or not.
 */
export function toChangeOnly(this: MatcherContext, received: unknown, flows: readonly FlowRef[], options?: ChangeOnlyOptions) {
  const d = requireDiff(this, 'toChangeOnly', received);
  if (!Array.isArray(flows)) matcherError(this, 'toChangeOnly', "expected value must be an array of flows ('vm1 → vm3' or { from, to })", flows, 'Expected');
  if (options !== undefined && (typeof options !== 'object' || options === null || Object.keys(options).some((k) => k !== 'as')
    || (options.as !== undefined && !KINDS.includes(options.as)))) {
    matcherError(this, 'toChangeOnly', `expected options must be an object like { as?: ${KINDS.map((k) => `'${k}'`).join(' | ')} }`, options, 'Expected');
  }
  const parsed = flows.map((f) => parseFlow(this, f));
  const known = endpoints(d);
  for (const [from, to] of parsed) {
    for (const end of [from, to]) {
      // A misspelt name would otherwise read as "this flow did not change".
      if (!known.has(end)) {
        const near = closest(end, known);
        matcherError(this, 'toChangeOnly', `flow ${JSON.stringify(`${from} → ${to}`)} names ${JSON.stringify(end)}, which is in neither cloud${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}`, flows, 'Expected');
      }
    }
  }
  const wanted = new Set(parsed.map(([from, to]) => `${from} → ${to}`));
  const all: FlowChange[] = [...d.broken, ...d.working, ...d.rerouted];
  const changedFlows = new Map<string, FlowChange>();
  for (const c of all) for (const f of c.flows) changedFlows.set(f, c);
  const unexpected = all.filter((c) => c.flows.some((f) => !wanted.has(f)) || (options?.as !== undefined && c.kind !== options.as));
  const unchanged = [...wanted].filter((f) => !changedFlows.has(f));
  const idle = d.flows === 0;
  const holds = !unexpected.length && !unchanged.length;
  const pass = idle ? this.isNot : holds;
  for (const c of all.slice(0, ATTACHED)) attachChange(c);
  const hint = this.utils.matcherHint(`${this.isNot ? '.not' : ''}.toChangeOnly`, 'received', 'expected');
  const how = options?.as ? ` (each ${CHANGE_TITLES[options.as]})` : '';
  const expected = `Expected ${this.isNot ? 'other flows than exactly these' : 'exactly these flows'} to change${how}:\n  ${this.utils.printExpected([...wanted])}`;
  return {
    pass,
    message: () => {
      if (idle) return `${hint}\n\n${expected}\nReceived: the diff ${NO_FLOW_REASON}`;
      if (pass) return `${hint}\n\n${expected}\nReceived: exactly those changed, of ${d.flows} flows compared`;
      const parts = [`${hint}\n\n${expected}\nReceived: of ${d.flows} flows compared,`];
      const unlisted = unexpected.flatMap((c) => c.flows.filter((f) => !wanted.has(f)));
      const otherWay = options?.as === undefined ? [] : unexpected.filter((c) => c.kind !== options.as).flatMap((c) => c.flows.filter((f) => wanted.has(f)));
      if (unlisted.length) parts.push(`${unlisted.length} unlisted flow${unlisted.length === 1 ? '' : 's'} changed: ${this.utils.printReceived(unlisted.slice(0, 12))}${unlisted.length > 12 ? ' …' : ''}`);
      if (otherWay.length) parts.push(`${otherWay.length} listed flow${otherWay.length === 1 ? '' : 's'} changed otherwise than ${CHANGE_TITLES[options!.as!]}: ${this.utils.printReceived(otherWay)}`);
      if (unexpected.length) parts.push(drawChanges(unexpected));
      if (unchanged.length) parts.push(`these did not change:\n  ${this.utils.printReceived(unchanged)}`);
      return parts.join('\n');
    },
  };
}
