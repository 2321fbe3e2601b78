import type { Simulation } from '../simulation';
import { searchCounterexamples } from './search';
import type { CheckOptions, FlowJudge, Invariant, InvariantResult, StateCase } from './types';

/** An invariant about flows: judged on every flow it applies to (see `searchCounterexamples`). */
export function defineFlowInvariant(name: string, description: string, judge: (sim: Simulation) => FlowJudge): Invariant {
  const inv: Invariant = {
    name, description, judge,
    check: (sim: Simulation, opts?: CheckOptions): InvariantResult => searchCounterexamples(sim, [inv], opts)[0],
  };
  return inv;
}

/** An invariant about data-plane state, checked case by case. */
export function defineStateInvariant(name: string, description: string, states: (sim: Simulation) => Iterable<StateCase>): Invariant {
  const inv: Invariant = {
    name, description, states,
    check: (sim: Simulation, opts?: CheckOptions): InvariantResult => searchCounterexamples(sim, [inv], opts)[0],
  };
  return inv;
}
