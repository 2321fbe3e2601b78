/**
 * Neutron's rules for trunks (services/trunk/rules.py TrunkPortValidator and SubPortsValidator,
 * the plugin's duplicate check), on a topology whose other parts validate.ts has already read.
 * The parent is an instance port, so its host runs nova-compute and with it the OVS agent
 * whose trunk driver builds the trunk bridge (checkInstances proves that much).
 */
import type { InstancePortSpec, InstanceSpec, NetworkSpec, OptionsSpec, TrunkSpec } from './spec';
import type { Add, Coll, Item } from './shape';
import { didYouMean } from './shape';
import { TUNNEL_OVERHEAD } from './defaults';

/** What the trunk rules need from the rest of validation: the collections and the port bookkeeping. */
export interface TrunkChecks {
  add: Add;
  list: TrunkSpec[];
  broken: Set<string>;
  opts: OptionsSpec;
  networks: Coll<NetworkSpec>;
  instances: Coll<InstanceSpec>;
  /** A subport is a port: its id, MAC, addresses and groups are checked as an instance port's are. */
  checkPort(p: Omit<InstancePortSpec, 'id'> & { id?: string }, at: string, what: string): void;
}

interface Parent { p: InstancePortSpec; i: Item<InstanceSpec>; j: number }

export function checkTrunks(c: TrunkChecks): void {
  const instancePorts = new Map<string, Parent>();
  for (const i of c.instances.items) i.v.ports.forEach((p, j) => { if (p.id !== undefined) instancePorts.set(p.id, { p, i, j }); });
  const parentOf = new Map<string, string>();
  const mtu = (n: NetworkSpec) => n.mtu ?? (c.opts.physical_mtu ?? 1500) - TUNNEL_OVERHEAD[n['provider:network_type']];
  c.list.forEach((t, k) => {
    const at = `trunks[${k}]`;
    if (c.broken.has(at) || c.broken.has('trunks')) return;
    const parent = parentPort(c, t, at, instancePorts);
    const what = parent && `port ${parent.i.v.name}-port${parent.j}`;
    if (parent) {
      const key = `${parent.i.v.name}|${parent.j}`, prev = parentOf.get(key);
      // TrunkPortInUse: a port is the parent of one trunk.
      if (prev) c.add(at, 'trunk-port-in-use', `${what} is already the parent of trunk ${prev}`);
      else parentOf.set(key, t.name);
    }
    const parentNet = parent && c.networks.find(parent.p.network);
    const macs = new Map<string, string>(parent?.p.mac_address ? [[parent.p.mac_address.toLowerCase(), `the parent ${what}`]] : []);
    const native = c.opts.firewall_driver === 'openvswitch';
    const vids = new Map<number, number>();
    (t.sub_ports ?? []).forEach((s, j) => {
      const sAt = `${at}.sub_ports[${j}]`;
      const prev = vids.get(s.segmentation_id);
      // The plugin's DuplicateSubPort check: one subport per (segmentation_type, segmentation_id) on a trunk.
      if (prev !== undefined) {
        c.add(`${sAt}.segmentation_id`, 'trunk-segmentation-id-reused', `vlan ${s.segmentation_id} is already used by ${at}.sub_ports[${prev}] on trunk ${t.name}`);
      } else vids.set(s.segmentation_id, j);
      const owner = s.port_id === undefined ? undefined : instancePorts.get(s.port_id);
      // ParentPortInUse / PortInUse: a subport is a port of its own, neither a NIC nor a parent.
      if (owner) {
        return c.add(`${sAt}.port_id`, 'trunk-port-in-use', `"${s.port_id}" is port ${owner.i.v.name}-port${owner.j} (${owner.i.at}.ports[${owner.j}]), an instance's NIC; a subport is a port of its own`);
      }
      c.checkPort({
        id: s.port_id, network: s.network, fixed_ips: s.fixed_ips, mac_address: s.mac_address,
        security_groups: s.security_groups, port_security_enabled: s.port_security_enabled,
      }, sAt, `subport ${t.name}-subport${j}`);
      const mac = s.mac_address?.toLowerCase(), twin = mac && macs.get(mac);
      if (native && twin) {
        // Neutron's native firewall tells such ports apart by network (reg6) in its ingress tables; netspec's matches by MAC.
        c.add(`${sAt}.mac_address`, 'trunk-shared-mac', `${s.mac_address} is also the MAC of ${twin}: under the openvswitch firewall driver netspec models a port's ingress by its MAC alone, so ports of one trunk sharing a MAC are not modelled yet; give the subport its own MAC (or use iptables_hybrid, which filters no subport)`);
      } else if (mac) macs.set(mac, `${at}.sub_ports[${j}]`);
      const net = c.networks.find(s.network);
      if (net && parentNet === net) {
        c.add(`${sAt}.network`, 'trunk-subport-network', `subport on network ${net.v.name}, the parent's own network: the instance would hold network ${net.v.name} twice on one NIC (untagged and on vlan ${s.segmentation_id}); put the subport on another network`);
      } else if (net && parentNet && mtu(net.v) > mtu(parentNet.v)) {
        // SubPortMtuGreaterThanTrunkPortMtu.
        c.add(`${sAt}.network`, 'trunk-subport-mtu', `network ${net.v.name} has MTU ${mtu(net.v)}, more than the parent's network ${parentNet.v.name} (${mtu(parentNet.v)}): a subport's frames cross the parent's NIC`);
      }
    });
  });
}

function parentPort(c: TrunkChecks, t: TrunkSpec, at: string, ports: Map<string, Parent>): Parent | undefined {
  if ((t.port_id === undefined) === (t.instance === undefined)) {
    return void c.add(at, 'trunk-parent', 'a trunk names its parent port by exactly one of port_id and instance');
  }
  if (t.port_id !== undefined) {
    const hit = ports.get(t.port_id);
    if (!hit && c.instances.complete) c.add(`${at}.port_id`, 'trunk-parent-unknown', `no instance port has id "${t.port_id}"${didYouMean(t.port_id, ports.keys())}; a trunk's parent is the port an instance boots on`);
    return hit;
  }
  const inst = c.instances.ref(t.instance!, `${at}.instance`);
  if (!inst) return undefined;
  if (!inst.v.ports.length) return void c.add(`${at}.instance`, 'trunk-parent-unknown', `instance ${inst.v.name} has no port to be the trunk's parent`);
  return { p: inst.v.ports[0], i: inst, j: 0 };
}
