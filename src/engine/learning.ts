import type { CFlow } from './ovs-pipeline';
import type { RtDevice, RtNamespace, RtPort } from './runtime';

/**
 * What switches and hosts learn while packets flow: MAC tables, flows installed by `learn()`,
 * neighbour entries. It belongs to one walk, never to the data plane, so a trace depends on the
 * data plane and the flow only — not on which traces ran before it. Earlier, memoised ARP
 * exchanges contribute their learning as read-only layers.
 *
 * Entries are keyed without building strings: the MAC, then a number for the device and VLAN
 * (see `slot`). A walk creates few maps, and the tracer's hot path stays light on allocation.
 */
export class Learned {
  /**
   * MAC → (device, VLAN) → port. A Linux bridge has no VLANs: it uses VLAN 0. By MAC first: a
   * flood teaches one MAC to every switch it crosses, one map for all of them (by device first,
   * it was a map of one entry per switch, N of them for a flood over N hosts).
   */
  private fdb: Map<string, Map<Slot, RtPort>> | null = null;
  /** table → dl_dst → (device, VLAN) → flow, as br-tun's learn() writes them (by MAC first, as the fdb). */
  private flows: Map<number | string, Map<string, Map<Slot, CFlow>>> | null = null;
  /** namespace id → `iface/ip` → MAC. */
  private neighbours: Map<number, Map<string, string>> | null = null;
  private readonly layers: Learned[] = [];
  /** The layers as a set: a walk over N hosts includes N exchanges, and asks N times whether it has one. */
  private layerSet: Set<Learned> | null = null;

  /**
   * `base`: what the same walk learned before this one continued it, shared read-only (an ARP
   * request's flood, under each of its replies). Its entries and layers count as this walk's own,
   * exactly as if both parts had written into one object: own entries first, this part's, then
   * the base's; then layers, this part's latest first, then the base's.
   */
  constructor(private readonly base: Learned | null = null) {}

  /** Adds what an (earlier, memoised) exchange learned, beneath what this walk learns itself. */
  include(other: Learned): void {
    for (let l: Learned | null = this; l; l = l.base) if (other === l || l.layerSet?.has(other)) return;
    this.layers.push(other);
    (this.layerSet ??= new Set()).add(other);
  }

  /** Whether this part or its base learned a neighbour entry. */
  get hasNeighbours(): boolean {
    for (let l: Learned | null = this; l; l = l.base) if (l.neighbours) return true;
    return false;
  }

  /** Entries this part itself holds (not its base or layers): what remembering it costs. */
  get ownSize(): number {
    let n = this.layers.length;
    for (const m of this.fdb?.values() ?? []) n += m.size;
    for (const t of this.flows?.values() ?? []) for (const m of t.values()) n += m.size;
    for (const m of this.neighbours?.values() ?? []) n += m.size;
    return n;
  }

  /** The shared part beneath this one, if any. */
  get shared(): Learned | null {
    return this.base;
  }

  learnMac(dev: RtDevice, vlan: number, mac: string, port: RtPort): void {
    const fdb = (this.fdb ??= new Map());
    const k = slot(dev, vlan);
    const slots = fdb.get(mac);
    if (slots) slots.set(k, port); else fdb.set(mac, mapOf(k, port));
  }

  mac(dev: RtDevice, vlan: number, mac: string): RtPort | undefined {
    return Learned.macIn(this, slot(dev, vlan), mac);
  }

  /** Whether this walk itself (not a layer) has learned the flow: learn() keeps the first. */
  hasOwnFlow(dev: RtDevice, table: number, vlan: number, mac: string): boolean {
    const t = tableKey(table);
    const k = slot(dev, vlan);
    for (let l: Learned | null = this; l; l = l.base) if (l.flows?.get(t)?.get(mac)?.has(k)) return true;
    return false;
  }

  learnFlow(dev: RtDevice, table: number, vlan: number, mac: string, flow: CFlow): void {
    const flows = (this.flows ??= new Map());
    const t = tableKey(table);
    let byMac = flows.get(t);
    if (!byMac) flows.set(t, (byMac = new Map()));
    const k = slot(dev, vlan);
    const slots = byMac.get(mac);
    if (!slots) byMac.set(mac, mapOf(k, flow));
    else if (!slots.has(k)) slots.set(k, flow);
  }

  flow(dev: RtDevice, table: number, vlan: number, mac: string): CFlow | undefined {
    return Learned.flowIn(this, tableKey(table), slot(dev, vlan), mac);
  }

  learnNeighbour(ns: RtNamespace, key: string, mac: string): void {
    const all = (this.neighbours ??= new Map());
    const mine = all.get(ns.id);
    if (mine) mine.set(key, mac); else all.set(ns.id, mapOf(key, mac));
  }

  neighbour(ns: RtNamespace, key: string): string | undefined {
    for (let l: Learned | null = this; l; l = l.base) {
      const v = l.neighbours?.get(ns.id)?.get(key);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  // The lookups below search this walk's own entries first (this part's, then its base's), then
  // its layers, latest first, each layer the same way in turn.

  static macIn(l: Learned, k: Slot, mac: string): RtPort | undefined {
    for (let o: Learned | null = l; o; o = o.base) {
      const own = o.fdb?.get(mac)?.get(k);
      if (own !== undefined) return own;
    }
    for (let o: Learned | null = l; o; o = o.base) {
      for (let i = o.layers.length - 1; i >= 0; i--) {
        const v = Learned.macIn(o.layers[i], k, mac);
        if (v !== undefined) return v;
      }
    }
    return undefined;
  }

  static flowIn(l: Learned, table: number | string, k: Slot, mac: string): CFlow | undefined {
    for (let o: Learned | null = l; o; o = o.base) {
      const own = o.flows?.get(table)?.get(mac)?.get(k);
      if (own !== undefined) return own;
    }
    for (let o: Learned | null = l; o; o = o.base) {
      for (let i = o.layers.length - 1; i >= 0; i--) {
        const v = Learned.flowIn(o.layers[i], table, k, mac);
        if (v !== undefined) return v;
      }
    }
    return undefined;
  }
}

/**
 * A device and VLAN as one key: a number for any 12-bit VID (every real one), else the string the
 * key used to be. Equal keys exactly when `${dev.id}|${vlan}` would be equal.
 */
type Slot = number | string;

function slot(dev: RtDevice, vlan: number): Slot {
  if (typeof vlan === 'number') {
    return Number.isInteger(vlan) && vlan >= 0 && vlan < 4096 ? dev.id * 4096 + vlan : `${dev.id}|${vlan}`;
  }
  const n = Number(vlan);
  return String(n) === String(vlan) ? slot(dev, n) : `${dev.id}|${vlan}`;
}

/** A map of one entry (the iterable constructor is slow on a hot path). */
function mapOf<K, V>(k: K, v: V): Map<K, V> {
  const m = new Map<K, V>();
  m.set(k, v);
  return m;
}

/** A table number as a key that is equal exactly when its printed form is. */
function tableKey(table: number): number | string {
  if (typeof table === 'number') return table;
  const n = Number(table);
  return String(n) === String(table) ? n : String(table);
}
