import type { Simulation } from '../simulation';
import { routerJoining } from '../model/queries';
import type { Router } from '../model/types';

/** The router joining two subnets, memoised per subnet pair: asked for every instance pair. */
export function routerBetween(sim: Simulation): (a: string, b: string) => Router | undefined {
  const memo = new Map<string, Router | null>();
  return (a, b) => {
    const key = `${a}|${b}`;
    let r = memo.get(key);
    if (r === undefined) memo.set(key, (r = routerJoining(sim.cloud, a, b) ?? null));
    return r ?? undefined;
  };
}
