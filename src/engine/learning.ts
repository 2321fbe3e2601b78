import type { Flow } from '../dataplane/types';
import type { RtDevice, RtNamespace, RtPort } from './runtime';

/**
 * What switches and hosts learn while packets flow: MAC tables, flows installed by `learn()`,
 * neighbour entries. It belongs to one walk, never to the data plane, so a trace depends on the
 * data plane and the flow only — not on which traces ran before it. Earlier, memoised ARP
 * exchanges contribute their learning as read-only layers.
 *
 * One map per kind, keyed by the device's number and the entry: a walk creates few maps, and the
 * tracer's hot path stays light on allocation.
 */
export class Learned {
  private fdb: Map<string, RtPort> | null = null;
  private flows: Map<string, Flow> | null = null;
  private neighbours: Map<string, string> | null = null;
  private readonly layers: Learned[] = [];

  /** Adds what an (earlier, memoised) exchange learned, beneath what this walk learns itself. */
  include(other: Learned): void {
    if (other !== this && !this.layers.includes(other)) this.layers.push(other);
  }

  learnMac(dev: RtDevice, key: string, port: RtPort): void {
    (this.fdb ??= new Map()).set(`${dev.id}|${key}`, port);
  }

  mac(dev: RtDevice, key: string): RtPort | undefined {
    return this.find(`${dev.id}|${key}`, (l, k) => l.fdb?.get(k));
  }

  learnFlow(dev: RtDevice, key: string, flow: Flow): void {
    const k = `${dev.id}|${key}`;
    const m = (this.flows ??= new Map());
    if (!m.has(k)) m.set(k, flow);
  }

  flow(dev: RtDevice, key: string): Flow | undefined {
    return this.find(`${dev.id}|${key}`, (l, k) => l.flows?.get(k));
  }

  learnNeighbour(ns: RtNamespace, key: string, mac: string): void {
    (this.neighbours ??= new Map()).set(`${ns.id}|${key}`, mac);
  }

  neighbour(ns: RtNamespace, key: string): string | undefined {
    return this.neighbours?.get(`${ns.id}|${key}`);
  }

  private find<T>(key: string, get: (l: Learned, k: string) => T | undefined): T | undefined {
    const own = get(this, key);
    if (own !== undefined) return own;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const v = this.layers[i].find(key, get);
      if (v !== undefined) return v;
    }
    return undefined;
  }
}
