/**
 * trunks.json → `trunks`: a trunk whose parent is an imported instance port, with each subport
 * (a `trunk:subport` port of ports.json) carried as the port it is: network, addresses, MAC,
 * security groups. A trunk on a port left out, or a subport that cannot be carried, is noted.
 */
import type { FixedIpSpec, InstanceSpec, SubPortSpec, TrunkSpec } from '../model/spec';
import type { Issues, Source } from './issues';
import type { PortRec, TrunkRec } from './records';
import { FILES } from './read';

export interface TrunkImport {
  trunks: TrunkRec[] | undefined;
  ports: Map<string, PortRec>;
  instances: InstanceSpec[];
  portNet: Map<string, string>;
  netName: Map<string, string>;
  v4Ips: (p: PortRec) => FixedIpSpec[];
  /** A security group id the spec will carry (undefined: not in the dump, already reported). */
  group: (id: string, src: Source) => string | undefined;
  /** Whether the dump lists security groups: without, ports get netspec's default group. */
  groupsKnown: boolean;
  issues: Issues;
  notes: string[];
  provenance: Map<string, Source>;
}

/** The trunks, and the ids of the subport ports they carry (so the port list does not call them left out). */
export function importTrunks(x: TrunkImport): { specs: TrunkSpec[]; carried: Set<string> } {
  const carried = new Set<string>();
  const specs: TrunkSpec[] = [];
  if (!x.trunks) {
    const subports = [...x.ports.values()].filter((p) => p.owner === 'trunk:subport').length;
    if (subports) x.notes.push(`${subports} trunk subport(s) left out: save \`${FILES.trunks.cli}\` (or the body of ${FILES.trunks.api}) as ${FILES.trunks.file} to import trunks`);
    return { specs, carried };
  }
  const imported = new Set(x.instances.flatMap((i) => i.ports.map((p) => p.id)));
  for (const t of x.trunks) {
    if (!t.parentPortId || !imported.has(t.parentPortId)) {
      x.notes.push(`${t.src.file}: ${t.src.what}: parent port ${t.parentPortId ?? '(none)'} is no imported instance port: left out`);
      continue;
    }
    const at = `trunks[${specs.length}]`;
    x.provenance.set(at, t.src);
    const sub_ports: SubPortSpec[] = [];
    for (const s of t.subPorts ?? []) {
      const p = x.ports.get(s.portId);
      const netId = p && x.portNet.get(p.id);
      if (!p || netId === undefined) {
        x.notes.push(`${s.src.file}: ${s.src.what}: port ${s.portId} ${p ? 'has no fixed IP to tell its network by' : `is not in ${FILES.ports.file}`}: left out`);
        continue;
      }
      if (s.segmentationType !== 'vlan' || s.segmentationId === undefined) {
        x.issues.add(s.src, 'unsupported', `segmentation ${s.segmentationType ?? '(none)'} ${s.segmentationId ?? ''}: the OVS trunk driver presents subports on VLANs (segmentation_type vlan and a segmentation_id)`);
        continue;
      }
      const sp: SubPortSpec = { port_id: p.id, network: x.netName.get(netId)!, segmentation_type: 'vlan', segmentation_id: s.segmentationId, fixed_ips: x.v4Ips(p) };
      if (p.mac) sp.mac_address = p.mac;
      const secure = p.portSecurity ?? (p.securityGroups?.length ? true : undefined);
      if (!secure) sp.port_security_enabled = false;
      else if (x.groupsKnown) sp.security_groups = (p.securityGroups ?? []).flatMap((g) => x.group(g, p.src) ?? []);
      x.provenance.set(`${at}.sub_ports[${sub_ports.length}]`, s.src);
      carried.add(p.id);
      sub_ports.push(sp);
    }
    specs.push({ id: t.id, name: t.name || `trunk-${t.id.slice(0, 8)}`, port_id: t.parentPortId, ...(sub_ports.length && { sub_ports }) });
  }
  return { specs, carried };
}
