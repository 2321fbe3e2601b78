import { builtinInvariants } from '../invariants';
import type { Invariant } from '../invariants/types';
import type { Cloud } from '../model/types';
import { loadIntents } from '../intents/load';
import { assertIntentsResolve, intentInvariants } from '../intents/invariants';
import { selectInvariants } from '../check/run';
import { loadCloud } from './load-cloud';
import { loadInvariantModule } from './invariant-modules';
import { UsageError } from './usage-error';

/** What a check is asked to prove, as plain data: a worker thread resolves the same job again. */
export interface CheckJob {
  topology?: string;
  only?: string[];
  intents?: string;
  invariants?: string;
  allViolations?: boolean;
}

/** The cloud and the invariants of a job, with every user mistake a clear error. */
export function resolveCheckJob(job: CheckJob): { cloud: Cloud; invariants: Invariant[] } {
  const { selected, unknown } = selectInvariants(job.only);
  if (unknown.length) {
    throw new UsageError(`unknown invariant ${unknown.map((u) => JSON.stringify(u)).join(', ')} (invariants: ${builtinInvariants.map((i) => i.name).join(', ')})`);
  }
  const cloud = loadCloud(job.topology);
  const intents = job.intents ? loadIntents(job.intents) : [];
  assertIntentsResolve(cloud, intents);
  const own = job.invariants ? loadInvariantModule(job.invariants) : [];
  const extra = [...intentInvariants(intents), ...own];
  const taken = new Set(selected.map((i) => i.name));
  for (const inv of extra) {
    if (taken.has(inv.name)) throw new UsageError(`two invariants are named ${JSON.stringify(inv.name)}: rename the intent or the module's invariant`);
    taken.add(inv.name);
  }
  return { cloud, invariants: [...selected, ...extra] };
}
