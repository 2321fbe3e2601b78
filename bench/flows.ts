/**
 * The flow classes the bench measures, and seeded random (from, to) pairs of each class drawn
 * from a normalized cloud.
 */
import type { Cloud } from '../src/model/types';

export const FLOW_KINDS = [
  { id: 'l2-local', label: 'east-west, same network, same host' },
  { id: 'l2-tunnel', label: 'east-west, same network, across hosts' },
  { id: 'l3', label: 'east-west, across the router' },
  { id: 'internet', label: 'north-south, to the internet (SNAT)' },
  { id: 'dhcp', label: 'DHCP DISCOVER' },
  { id: 'metadata', label: 'metadata (169.254.169.254:80)' },
] as const;
export type FlowKind = (typeof FLOW_KINDS)[number]['id'];

export interface FlowCase {
  from: string;
  to: string;
}

interface Vm { name: string; host: string; network: string }

/** Index of the cloud's instances by network and of networks by router. */
export class FlowPicker {
  private readonly vms: Vm[];
  private readonly byNetwork = new Map<string, Vm[]>();
  private readonly routerOf = new Map<string, string>();
  private readonly networksOf = new Map<string, string[]>();

  constructor(cloud: Cloud, private readonly rnd: () => number) {
    const ports = new Map(cloud.ports.map((p) => [p.id, p]));
    this.vms = cloud.instances.map((i) => ({ name: i.name, host: i.host, network: ports.get(i.ports[0])!.network_id }));
    for (const vm of this.vms) {
      const list = this.byNetwork.get(vm.network);
      if (list) list.push(vm); else this.byNetwork.set(vm.network, [vm]);
    }
    for (const r of cloud.routers) {
      const nets = r.interfaces.map((id) => ports.get(id)!.network_id);
      this.networksOf.set(r.id, nets);
      for (const n of nets) this.routerOf.set(n, r.id);
    }
  }

  private any<T>(xs: readonly T[]): T | undefined {
    return xs.length ? xs[Math.floor(this.rnd() * xs.length)] : undefined;
  }

  /** A partner of `a` in the class, or undefined if `a` has none. */
  private partner(kind: FlowKind, a: Vm): string | undefined {
    const peers = this.byNetwork.get(a.network)!;
    switch (kind) {
      case 'l2-local': return this.any(peers.filter((b) => b !== a && b.host === a.host))?.name;
      case 'l2-tunnel': return this.any(peers.filter((b) => b.host !== a.host))?.name;
      case 'l3': {
        const router = this.routerOf.get(a.network);
        const other = this.any((router ? this.networksOf.get(router)! : []).filter((n) => n !== a.network && this.byNetwork.has(n)));
        return other && this.any(this.byNetwork.get(other)!)!.name;
      }
      default: return kind;
    }
  }

  /** Up to `count` random cases of the class (fewer if the cloud has few sources with a partner). */
  pick(kind: FlowKind, count: number): FlowCase[] {
    const out: FlowCase[] = [];
    for (let tries = 0; out.length < count && tries < count * 20; tries++) {
      const a = this.any(this.vms);
      const to = a && this.partner(kind, a);
      if (a && to) out.push({ from: a.name, to });
    }
    return out;
  }
}
