/**
 * Running generative properties the same way everywhere: `fc.check` inside a plain `it()` (stable
 * test names), fast-check's own failure report (counterexample, seed, path, shrink count), the
 * seed and path as Allure parameters, and replay from the environment:
 *
 *   FC_SEED=-1234 FC_PATH="17:3:0" npx jest specs/generative -t 'sameNetworkNeverRouted'
 */
import fc from 'fast-check';
import type { Simulation, Trace } from 'netspec';
import { allureActive } from '../../src/report/allure-attach';

/** Seed and path to replay from `FC_SEED` / `FC_PATH` (fast-check prints both when a property fails). */
export function replay(): Pick<fc.Parameters<unknown>, 'seed' | 'path'> {
  const seed = process.env.FC_SEED;
  const path = process.env.FC_PATH;
  return { ...(seed !== undefined && seed !== '' && { seed: Number(seed) }), ...(path && { path }) };
}

/** `fc.assert`, plus the run's seed (and a failure's path and shrinks) in the Allure report. */
export function assertProperty<Ts>(property: fc.IProperty<Ts>, params: fc.Parameters<Ts> = {}): fc.RunDetails<Ts> {
  const details = fc.check(property, { ...params, ...replay() });
  if (allureActive()) {
    const allure = require('allure-js-commons/sync') as typeof import('allure-js-commons/sync');
    allure.parameter('seed', String(details.seed));
    allure.parameter('runs', String(details.numRuns));
    if (details.failed) {
      allure.parameter('path', details.counterexamplePath ?? '');
      allure.parameter('shrinks', String(details.numShrinks));
    }
  }
  const report = fc.defaultReportMessage(details);
  if (details.failed && report) throw new Error(report, { cause: details.errorInstance });
  return details;
}

/** A simulation whose traces are computed once and shared by every invariant checked on it (as `netspec check` does). */
export function sharedSimulation(sim: Simulation): Simulation {
  const memo = new Map<string, Trace>();
  return {
    ...sim,
    trace: (from, to, o) => {
      const key = `${from}\u0000${to}\u0000${o ? JSON.stringify(o) : ''}`;
      let t = memo.get(key);
      if (!t) memo.set(key, (t = sim.trace(from, to, o)));
      return t;
    },
  };
}
