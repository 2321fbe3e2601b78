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

/** The seed and runs of a property (and a failure's path and shrinks) as Allure parameters. */
export function recordRun(seed: number, runs: number, failure?: { path: string; shrinks: number }): void {
  if (!allureActive()) return;
  const allure = require('allure-js-commons/sync') as typeof import('allure-js-commons/sync');
  allure.parameter('seed', String(seed));
  allure.parameter('runs', String(runs));
  if (failure) {
    allure.parameter('path', failure.path);
    allure.parameter('shrinks', String(failure.shrinks));
  }
}

/** `fc.assert`, plus the run's seed (and a failure's path and shrinks) in the Allure report. */
export function assertProperty<Ts>(property: fc.IProperty<Ts>, params: fc.Parameters<Ts> = {}): fc.RunDetails<Ts> {
  const details = fc.check(property, { ...params, ...replay() });
  recordRun(details.seed, details.numRuns, details.failed ? { path: details.counterexamplePath ?? '', shrinks: details.numShrinks } : undefined);
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

/**
 * Runs `assertion` (a matcher call) only when `holds()` is false. Matchers attach the trace to
 * the Allure report on every call, which inside a 200-run property would be hundreds of
 * attachments per test; a property checks quietly and lets the matcher explain a failure.
 */
export function expectQuietly(holds: () => boolean, assertion: () => void): void {
  if (!holds()) assertion();
}
