/**
 * Importer fidelity: the cloud `netspec import` reads from the API dump, item by item against
 * what the run created through the API (networks, subnets, routers and their interfaces,
 * instance ports with their MAC, address and host).
 */
import type { Cloud } from '../../src/model/types';

/** What the run created, as Neutron answered each POST. */
export interface Created {
  networks: { id: string; name: string }[];
  subnets: { id: string; name: string; network_id: string; cidr: string; gateway_ip: string }[];
  routers: { id: string; name: string; interfaces: { port_id: string; subnet_id: string; ip: string }[] }[];
  instances: { name: string; device_id: string; port_id: string; mac: string; ip: string; subnet_id: string; host: string }[];
}

export interface FidelityItem { item: string; expected: string; imported: string; ok: boolean }

export function compareImport(created: Created, cloud: Cloud): FidelityItem[] {
  const items: FidelityItem[] = [];
  const check = (item: string, expected: string, imported: string | undefined) =>
    items.push({ item, expected, imported: imported ?? '(missing)', ok: expected === imported });
  for (const n of created.networks) check(`network ${n.name}`, n.id, cloud.networks.find((x) => x.id === n.id && x.name === n.name)?.id);
  for (const s of created.subnets) {
    const got = cloud.subnets.find((x) => x.id === s.id);
    check(`subnet ${s.name}`, `${s.cidr} gw ${s.gateway_ip} on ${s.network_id}`, got && `${got.cidr} gw ${got.gateway_ip} on ${got.network_id}`);
  }
  for (const r of created.routers) {
    const got = cloud.routers.find((x) => x.id === r.id);
    check(`router ${r.name}`, r.name, got?.name);
    for (const i of r.interfaces) {
      const port = got && cloud.ports.find((p) => p.id === i.port_id && got.interfaces.includes(p.id));
      check(`router ${r.name} interface ${i.ip}`, `${i.port_id} ${i.subnet_id} ${i.ip}`,
        port && `${port.id} ${port.fixed_ips[0]?.subnet_id} ${port.fixed_ips[0]?.ip_address}`);
    }
  }
  for (const v of created.instances) {
    const inst = cloud.instances.find((x) => x.id === v.device_id);
    check(`instance ${v.name}`, `${v.name} on ${v.host} port ${v.port_id}`, inst && `${inst.name} on ${inst.host} port ${inst.ports.join(',')}`);
    const port = cloud.ports.find((p) => p.id === v.port_id);
    check(`port of ${v.name}`, `${v.mac} ${v.subnet_id} ${v.ip} ${v.host}`,
      port && `${port.mac_address} ${port.fixed_ips[0]?.subnet_id} ${port.fixed_ips[0]?.ip_address} ${port['binding:host_id']}`);
  }
  return items;
}
