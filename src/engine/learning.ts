import type { Flow } from '../dataplane/types';
import type { RtDevice, RtNamespace, RtPort } from './runtime';

/**
 * What switches and hosts learn while packets flow: MAC tables, flows installed by `learn()`,
 * neighbour entries. It belongs to one walk, never to the data plane, so a trace depends on the
 * data plane and the flow only — not on which traces ran before it. Earlier, memoised ARP
 * exchanges contribute their learning as read-only layers.
 */
export class Learned {
  private readonly fdb = new Map<RtDevice, Map<string, RtPort>>();
  private readonly flows = new Map<RtDevice, Map<string, Flow>>();
  private readonly neighbours = new Map<RtNamespace, Map<string, string>>();
  private readonly layers: Learned[] = [];

  /** Adds what an (earlier, memoised) exchange learned, beneath what this walk learns itself. */
  include(other: Learned): void {
    if (other !== this && !this.layers.includes(other)) this.layers.push(other);
  }

  learnMac(dev: RtDevice, key: string, port: RtPort): void {
    let m = this.fdb.get(dev);
    if (!m) this.fdb.set(dev, (m = new Map()));
    m.set(key, port);
  }

  mac(dev: RtDevice, key: string): RtPort | undefined {
    const own = this.fdb.get(dev)?.get(key);
    if (own) return own;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const p = this.layers[i].mac(dev, key);
      if (p) return p;
    }
    return undefined;
  }

  learnFlow(dev: RtDevice, key: string, flow: Flow): void {
    let m = this.flows.get(dev);
    if (!m) this.flows.set(dev, (m = new Map()));
    if (!m.has(key)) m.set(key, flow);
  }

  flow(dev: RtDevice, key: string): Flow | undefined {
    const own = this.flows.get(dev)?.get(key);
    if (own) return own;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const f = this.layers[i].flow(dev, key);
      if (f) return f;
    }
    return undefined;
  }

  learnNeighbour(ns: RtNamespace, key: string, mac: string): void {
    let m = this.neighbours.get(ns);
    if (!m) this.neighbours.set(ns, (m = new Map()));
    m.set(key, mac);
  }

  neighbour(ns: RtNamespace, key: string): string | undefined {
    return this.neighbours.get(ns)?.get(key);
  }
}
