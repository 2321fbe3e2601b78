/**
 * Instances of a Neutron-only dump (no servers.json): one per `device_id` of the `compute:*`
 * ports, on the host the ports are bound to (`binding:host_id`), named after its ports' name
 * (Nova's name is not in Neutron; an unnamed one gets `server-<id>`, stable across imports).
 * Its NICs keep the order of ports.json, the API's (Nova's VIF order is not in Neutron either).
 */
import type { Issues } from './issues';
import type { PortRec, ServerRec } from './records';

export function serversFromPorts(ports: PortRec[], issues: Issues, notes: string[]): ServerRec[] {
  const byDevice = new Map<string, PortRec[]>();
  let unbound = 0;
  for (const p of ports) {
    if (!p.owner?.startsWith('compute:')) continue;
    if (!p.deviceId) { issues.add(p.src, 'missing-field', `a compute port (device_owner ${p.owner}) with no device_id: its instance cannot be told`); continue; }
    if (!p.host) { unbound++; continue; }
    byDevice.set(p.deviceId, [...(byDevice.get(p.deviceId) ?? []), p]);
  }
  if (unbound) notes.push(`${unbound} compute port(s) without binding:host_id (their instance runs nowhere: shelved, or never booted) left out`);
  const servers: ServerRec[] = [];
  for (const [id, own] of byDevice) {
    const hosts = [...new Set(own.map((p) => p.host!))];
    const names = [...new Set(own.map((p) => p.name.trim()).filter(Boolean))];
    const src = { file: own[0].src.file, what: `server ${id} (device_id of ${own.map((p) => `port ${p.id}`).join(', ')})` };
    if (hosts.length > 1) {
      issues.add(src, 'contradiction', `its ports are bound to different hosts (${hosts.join(', ')}); an instance runs on one`);
      continue;
    }
    servers.push({ id, name: names.length === 1 ? names[0] : '', host: hosts[0], addresses: [], src });
  }
  // By name, then id: the topology reads in a stable order whatever order the API listed the ports in.
  servers.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (servers.length) {
    notes.push(`no servers.json: ${servers.length} instance(s) from the compute:* ports' device_id, on their binding:host_id, `
      + 'named after their port (when it has one name), NICs in the order of ports.json');
  }
  return servers;
}
