import type { Flow } from '../dataplane/types';
import { BRIDGE } from '../dataplane/names';
// The one reader outside realize that knows the agent's table numbers, and why: a capture is what
// neutron-openvswitch-agent wrote, so its tables are the agent's (ovs_constants), and nothing in
// `ovs-ofctl dump-flows` says what a table is for. It reads them from realize's one table of
// them rather than keeping a second copy.
import { BR_INT_TABLE as T, TABLE_NAMES } from '../realize/ovs-tables';

/**
 * A captured flow carries no word of why it is there; the tables of Neutron's bridges do say it
 * (ovs_constants). The label only reads in traces and drop reasons (`dropped by br-int table 82:
 * security group ingress`), as the notes realize writes do; no path depends on it.
 */
const NOTES: Record<string, Record<number, string>> = {
  [BRIDGE.integration]: {
    [T.BASE_EGRESS]: 'openvswitch firewall: egress anti-spoofing',
    [T.RULES_EGRESS]: 'security group egress (openvswitch firewall)',
    [T.ACCEPT_OR_INGRESS]: 'openvswitch firewall: accepted egress',
    [T.BASE_INGRESS]: 'openvswitch firewall: ingress',
    [T.RULES_INGRESS]: 'security group ingress (openvswitch firewall)',
  },
};

export function withTableNotes(bridge: string, flows: Flow[]): Flow[] {
  const notes = NOTES[bridge];
  if (!notes) return flows;
  return flows.map((f) => (f.note === undefined && notes[f.table] ? { ...f, note: notes[f.table] } : f));
}

/** The names of a captured bridge's tables, as the agent that wrote them names them (br-int, br-tun). */
export function capturedTableNames(bridge: string): Readonly<Record<number, string>> | undefined {
  return TABLE_NAMES[bridge];
}
