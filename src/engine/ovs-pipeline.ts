import type { Flow, FlowAction, LearnSpec } from '../dataplane/types';
import { FlowClassifier } from './classifier';
import type { RtOvs, RtPort } from './runtime';

/**
 * An OVS bridge's flow tables made ready to run: flows grouped by table, each flow's actions
 * turned into op codes with their output ports resolved, once, instead of matching action
 * names and looking ports up by name every time a flow fires.
 */
export interface Pipeline {
  tables: Map<number, FlowClassifier<CFlow>>;
  /** Tables some `learn()` action writes to: only these consult learned flows. */
  /** Tables that `learn()` writes into, with the template that says what its flows match. */
  learnTables: Map<number, LearnSpec>;
  /** Per table, its conjunctions (flows whose actions are all `conjunction`), highest priority first. */
  conjunctions: Map<number, Conjunction[]>;
}

/** One conjunction of a table: a classifier per clause, over the flows that are that clause. */
export interface Conjunction {
  id: number;
  priority: number;
  clauses: FlowClassifier<CFlow>[];
}

/** A flow ready to run: its actions as op codes, output ports resolved on the bridge. */
export interface CFlow {
  priority: number;
  flow: Flow;
  ops: Op[];
}

export interface Op {
  code: number;
  action: FlowAction;
  /** `output`: the bridge's port of that name (undefined: no such port, the output does nothing). */
  port: RtPort | undefined;
}

/** Op codes, one per action type. */
export const RESUBMIT = 0, MOD_VLAN_VID = 1, STRIP_VLAN = 2, SET_TUNNEL = 3, LEARN = 4, OUTPUT = 5, IN_PORT = 6, NORMAL = 7,
  ARP_REPLY = 8, NOTHING = 9, CT = 10, MOD_DL_SRC = 11;

function codeOf(a: FlowAction): number {
  switch (a.type) {
    case 'resubmit': return RESUBMIT;
    case 'mod_vlan_vid': return MOD_VLAN_VID;
    case 'strip_vlan': return STRIP_VLAN;
    case 'set_tunnel': return SET_TUNNEL;
    case 'learn': return LEARN;
    case 'output': return OUTPUT;
    case 'in_port': return IN_PORT;
    case 'normal': return NORMAL;
    case 'arp_reply': return ARP_REPLY;
    case 'ct': return CT;
    case 'mod_dl_src': return MOD_DL_SRC;
    default: return NOTHING; // `drop`, and anything unknown: no effect
  }
}

/** Compiled flows without an output: they do not depend on the bridge, so bridges share them. */
const portless = new WeakMap<Flow, CFlow>();

export function compileFlow(br: RtOvs, flow: Flow): CFlow {
  if (!flow.actions.some((a) => a.type === 'output')) {
    let c = portless.get(flow);
    if (!c) portless.set(flow, (c = { priority: flow.priority, flow, ops: flow.actions.map((action) => ({ code: codeOf(action), action, port: undefined })) }));
    return c;
  }
  return {
    priority: flow.priority, flow,
    ops: flow.actions.map((action) => ({ code: codeOf(action), action, port: action.type === 'output' ? br.ports.get(action.port) : undefined })),
  };
}

/**
 * The bridge's flows grouped by table, the first time a frame enters it; each table indexes its
 * flows on its first lookup, so the tables of a large data plane no frame reaches cost nothing.
 */
export function pipelineOf(br: RtOvs): Pipeline {
  if (br.pipeline) return br.pipeline;
  const p: Pipeline = { tables: new Map(), learnTables: new Map(), conjunctions: new Map() };
  const byTable = new Map<number, Flow[]>();
  const conj = new Map<number, Map<number, { priority: number; clauses: Flow[][] }>>();
  for (const f of br.data.flows) {
    for (const a of f.actions) if (a.type === 'learn' && !p.learnTables.has(a.spec.table)) p.learnTables.set(a.spec.table, a.spec);
    // A conjunctive flow is never a match of its own: it only makes its clause of each conjunction.
    if (f.actions.length && f.actions.every((a) => a.type === 'conjunction')) {
      let ids = conj.get(f.table);
      if (!ids) conj.set(f.table, (ids = new Map()));
      for (const a of f.actions) {
        if (a.type !== 'conjunction' || a.clause < 1 || a.clause > a.clauses) continue;
        let c = ids.get(a.id);
        if (!c) ids.set(a.id, (c = { priority: f.priority, clauses: Array.from({ length: a.clauses }, () => []) }));
        c.clauses[a.clause - 1]?.push(f);
      }
      continue;
    }
    let list = byTable.get(f.table);
    if (!list) byTable.set(f.table, (list = []));
    list.push(f);
  }
  for (const [t, flows] of byTable) p.tables.set(t, new FlowClassifier(flows, (f) => compileFlow(br, f)));
  for (const [t, ids] of conj) {
    const list = [...ids].map(([id, c]) => ({ id, priority: c.priority, clauses: c.clauses.map((fs) => new FlowClassifier(fs, (f) => compileFlow(br, f))) }));
    p.conjunctions.set(t, list.sort((a, b) => b.priority - a.priority || a.id - b.id));
  }
  return (br.pipeline = p);
}
