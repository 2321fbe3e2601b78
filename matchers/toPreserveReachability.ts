import type { MatcherContext } from '../src/assert/matcher-context';
import { ATTACHED, drawChanges, NO_FLOW_REASON, requireDiff } from '../src/assert/diff-arg';
import { attachChange } from '../src/report/allure-attach';
import { diffCounts } from '../src/whatif/render';

/**
 * Every flow that worked still works and none that failed starts to: the change may reroute
 * flows but not break or open one, `expect(diff(fork(cloud).migrate('vm1', 'compute2'))).toPreserveReachability()`.
 * A failure draws each broken or newly working flow with its walk before and after. A diff that
 * compared no flow fails, negated or not.
 */
export function toPreserveReachability(this: MatcherContext, received: unknown) {
  const d = requireDiff(this, 'toPreserveReachability', received);
  const changed = [...d.broken, ...d.working];
  const idle = d.flows === 0;
  const pass = idle ? this.isNot : changed.length === 0;
  for (const c of changed.slice(0, ATTACHED)) attachChange(c);
  const hint = this.utils.matcherHint(`${this.isNot ? '.not' : ''}.toPreserveReachability`, 'received', '');
  const expected = this.isNot ? 'Expected some flow to stop or start working' : 'Expected every flow to work, or fail, as it did';
  return {
    pass,
    message: () => {
      if (idle) return `${hint}\n\n${expected}\nReceived: the diff ${NO_FLOW_REASON}`;
      const counts = `of ${d.flows} flows compared: ${diffCounts(d)}`;
      if (pass) return `${hint}\n\n${expected}\nReceived: ${counts}`;
      return `${hint}\n\n${expected}\nReceived: ${counts}\n${drawChanges(changed)}`;
    },
  };
}
