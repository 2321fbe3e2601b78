/**
 * Contract-test helpers for arbitraries, after fast-check's own ArbitraryAssertions: they drive an
 * arbitrary through fast-check's public runner only (`fc.sample`, `fc.check`), so what they see is
 * what users' properties see, shrinking included.
 */
import fc from 'fast-check';
import type { CloudSpec } from '../../model/spec';
import type { Cloud } from '../../model/types';

/** `n` values drawn with `seed`. */
export function sample<T>(a: fc.Arbitrary<T>, seed: number, n = 30): T[] {
  return fc.sample(a, { seed, numRuns: n });
}

export interface ShrinkStep<T> {
  value: T;
  /** The failing value this one was proposed as a shrink of (undefined while still generating). */
  parent?: T;
  failed: boolean;
}

export interface ShrinkRun<T> {
  /** Every value the property was called with, in order, with the failing value it shrinks. */
  steps: ShrinkStep<T>[];
  /** The counterexample fast-check reports (undefined if the property never failed). */
  counterexample?: T;
  numShrinks: number;
  /** The accepted path: the first failure, then each shrink that still failed. */
  path: T[];
}

/**
 * Runs a property that fails exactly when `failsFor(value)`, recording every value fast-check
 * generated or tried while shrinking. After the first failure every call is a shrink candidate of
 * the latest failing value.
 */
export function shrinkRun<T>(a: fc.Arbitrary<T>, failsFor: (v: T) => boolean, seed: number, numRuns = 100): ShrinkRun<T> {
  const steps: ShrinkStep<T>[] = [];
  const path: T[] = [];
  let current: T | undefined;
  let failing = false;
  const details = fc.check(fc.property(a, (v) => {
    const failed = failsFor(v);
    steps.push({ value: v, failed, ...(failing ? { parent: current } : {}) });
    if (failed) { current = v; failing = true; path.push(v); }
    return !failed;
  }), { seed, numRuns });
  return { steps, counterexample: details.counterexample?.[0], numShrinks: details.numShrinks, path };
}

/** How much cloud there is: hosts, networks, subnets, routers, router ports (interfaces and gateways), instances. */
export function specSize(s: CloudSpec): number {
  const routers = s.routers ?? [];
  return s.hosts.length + s.networks.length + s.subnets.length + routers.length
    + routers.reduce((n, r) => n + (r.interfaces?.length ?? 0) + (r.external_gateway_info ? 1 : 0), 0)
    + (s.instances?.length ?? 0);
}

/** The same measure on a normalized cloud (DHCP ports left out: they follow the subnets' enable_dhcp). */
export function cloudSize(c: Cloud): number {
  return c.hosts.length + c.networks.length + c.subnets.length + c.routers.length
    + c.ports.filter((p) => p.device_owner.startsWith('network:router')).length + c.instances.length;
}
