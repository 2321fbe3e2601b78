import type { DropExpectation } from './toBeDropped';
import type { NatExpectation } from './toBeNatted';
import type { TunnelExpectation } from './toCrossTunnel';
import type { Invariant } from '../src/invariants/types';
import type { Location } from '../src/trace/location';

/**
 * netspec's matchers, declared once. Both Jest typings (the global `expect` from @types/jest and
 * `import { expect } from '@jest/globals'`) extend this one interface, so nothing is declared twice.
 */
export interface NetspecMatchers<R> {
  /** The packet arrives at an instance (`'vm2'`) or location. */
  toBeDeliveredTo(endpoint: Location): R;
  /** A process (`'nova-metadata'`, `'dnsmasq'`) or place (`qdhcp('selfservice1')`) answered, and the answer came back. */
  toBeAnsweredBy(endpoint: Location): R;
  /** The packet is dropped or finds no route; optionally where (`by`) and why (`reason`). */
  toBeDropped(expected?: DropExpectation): R;
  /** The path passes a location: `'qrouter-*'`, `'br-tun@compute1'`, `{ namespace: 'qrouter', port: 9697 }`, `'router1'`. */
  toTraverse(location: Location): R;
  /** The path never passes a location. */
  toNeverTraverse(location: Location): R;
  /** The path passes every location in this order. */
  toTraverseInOrder(locations: Location[]): R;
  /** A process listening on `port` received the packet, optionally in a place. */
  toReachPort(port: number, where?: { in?: Location }): R;
  /** The packet crosses a tunnel with this VNI/type/from/to. */
  toCrossTunnel(expected?: TunnelExpectation): R;
  /** Every hop, reply included, is on the starting host. */
  toStayOnHost(): R;
  /** The packet is SNATed, DNATed or REDIRECTed, optionally to an address. */
  toBeNatted(expected?: NatExpectation): R;
  /** The cloud satisfies a cloud-wide invariant; a failure shows the counterexample. */
  toSatisfy(invariant: Invariant): R;
}

declare module 'expect' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<R extends void | Promise<void>, T = unknown> extends NetspecMatchers<R> {}
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Matchers<R, T = {}> extends NetspecMatchers<R> {}
  }
}
