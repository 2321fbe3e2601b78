/**
 * Writes the two dumps of the reference cloud: `examples/openstack/` (OpenStack CLI `-f json`
 * output) and `api/` (Neutron and Nova API responses), with the ids, MACs and addresses netspec
 * derives for the reference cloud, in the field layouts of python-openstackclient, the API
 * references and the real Zed capture. Not a test: run it after changing the reference cloud,
 *   node -r esbuild-register src/import/__fixtures__/generate.ts
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { referenceCloud } from '../../model/reference';
import { stableUuid } from '../../model/ids';

const c = referenceCloud();
const PROJECT = '9f3c5a0e7b2d4c1e8a6f0b3d2c1e4a57';
const T0 = '2026-11-21T15:43:54Z', T1 = '2026-11-21T15:44:13Z';
const net = (id: string) => c.networks.find((n) => n.id === id)!;
const subnetsOf = (id: string) => c.subnets.filter((s) => s.network_id === id).map((s) => s.id);
const sgDefault = c.security_groups[0].id;
const hostIp: Record<string, string> = { controller: '10.0.0.11', network1: '10.0.0.21', compute1: '10.0.0.31', compute2: '10.0.0.32' };
const tunIp: Record<string, string> = { network1: '10.0.1.21', compute1: '10.0.1.31', compute2: '10.0.1.32' };

function write(dir: string, file: string, data: unknown) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), `${JSON.stringify(data, null, 2)}\n`);
}

// ---------- API ----------
const apiNetwork = (n: (typeof c.networks)[number], i: number) => ({
  id: n.id, name: n.name, tenant_id: PROJECT, admin_state_up: n.admin_state_up, mtu: n.mtu, status: 'ACTIVE',
  subnets: subnetsOf(n.id), shared: n['router:external'], availability_zone_hints: [], availability_zones: ['nova'],
  ipv4_address_scope: null, ipv6_address_scope: null, 'router:external': n['router:external'], description: '',
  ...(n['router:external'] ? { is_default: false } : {}),
  port_security_enabled: true, qos_policy_id: null, dns_domain: '', l2_adjacency: true, tags: [],
  created_at: T0, updated_at: T0, revision_number: 2 + i, project_id: PROJECT,
  'provider:network_type': n['provider:network_type'], 'provider:physical_network': n['provider:physical_network'],
  'provider:segmentation_id': n['provider:segmentation_id'],
});
const apiSubnet = (s: (typeof c.subnets)[number]) => ({
  id: s.id, name: s.name, tenant_id: PROJECT, network_id: s.network_id, ip_version: s.ip_version, subnetpool_id: null,
  enable_dhcp: s.enable_dhcp, ipv6_ra_mode: null, ipv6_address_mode: null, gateway_ip: s.gateway_ip, cidr: s.cidr,
  allocation_pools: s.allocation_pools, host_routes: s.host_routes, dns_nameservers: s.dns_nameservers, description: '',
  service_types: [], segment_id: null, dns_publish_fixed_ip: false, tags: [], created_at: T0, updated_at: T0,
  revision_number: 0, project_id: PROJECT,
});
const gwInfo = (r: (typeof c.routers)[number]) => (r.external_gateway_info && {
  network_id: r.external_gateway_info.network_id, external_fixed_ips: r.external_gateway_info.external_fixed_ips,
  enable_snat: r.external_gateway_info.enable_snat,
});
const apiRouter = (r: (typeof c.routers)[number]) => ({
  id: r.id, name: r.name, tenant_id: PROJECT, admin_state_up: r.admin_state_up, status: 'ACTIVE',
  external_gateway_info: gwInfo(r), description: '', availability_zones: ['nova'], availability_zone_hints: [],
  routes: r.routes, flavor_id: null, distributed: false, ha: false, enable_ndp_proxy: false, tags: [],
  created_at: T0, updated_at: T1, revision_number: 4, project_id: PROJECT,
});
const apiPort = (p: (typeof c.ports)[number]) => ({
  id: p.id, name: p.device_owner === 'compute:nova' ? '' : '', network_id: p.network_id, tenant_id: PROJECT,
  mac_address: p.mac_address, admin_state_up: p.admin_state_up, status: 'ACTIVE', device_id: p.device_id,
  device_owner: p.device_owner, fixed_ips: p.fixed_ips, allowed_address_pairs: [], extra_dhcp_opts: [],
  security_groups: p.security_groups, description: '', 'binding:vnic_type': 'normal', 'binding:profile': {},
  'binding:host_id': p['binding:host_id'], 'binding:vif_type': 'ovs',
  'binding:vif_details': { connectivity: 'l2', port_filter: true, ovs_hybrid_plug: true, datapath_type: 'system', bridge_name: 'br-int', bound_drivers: { 0: 'openvswitch' } },
  port_security_enabled: p.port_security_enabled, ip_allocation: 'immediate', tags: [],
  created_at: T0, updated_at: T1, revision_number: 3, project_id: PROJECT,
});
const server = (i: (typeof c.instances)[number]) => c.ports.filter((p) => i.ports.includes(p.id));
const apiServer = (i: (typeof c.instances)[number]) => ({
  id: i.id, name: i.name, status: 'ACTIVE', tenant_id: PROJECT, user_id: 'c2d3b0f1a7e84a7b9f6e5d4c3b2a1908',
  metadata: {}, hostId: stableUuid(`hostid:${i.host}`).replace(/-/g, ''), image: { id: 'b7e1c0a4-3f5e-4d2a-9c8b-1a2b3c4d5e6f', links: [] },
  flavor: { vcpus: 1, ram: 512, disk: 1, ephemeral: 0, swap: 0, original_name: 'm1.nano', extra_specs: {} },
  created: T0, updated: T1,
  addresses: Object.fromEntries(server(i).map((p) => [net(p.network_id).name, p.fixed_ips.map((f) => ({
    version: 4, addr: f.ip_address, 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': p.mac_address,
  }))])),
  accessIPv4: '', accessIPv6: '', links: [], 'OS-DCF:diskConfig': 'MANUAL', progress: 0,
  'OS-EXT-AZ:availability_zone': 'nova', config_drive: '', key_name: 'mykey',
  'OS-SRV-USG:launched_at': '2026-11-21T15:44:20.000000', 'OS-SRV-USG:terminated_at': null,
  'OS-EXT-SRV-ATTR:host': i.host, 'OS-EXT-SRV-ATTR:instance_name': `instance-0000000${c.instances.indexOf(i) + 1}`,
  'OS-EXT-SRV-ATTR:hypervisor_hostname': i.host, 'OS-EXT-STS:task_state': null, 'OS-EXT-STS:vm_state': 'active',
  'OS-EXT-STS:power_state': 1, 'os-extended-volumes:volumes_attached': [], security_groups: [{ name: 'default' }],
  locked: false, description: null, tags: [], trusted_image_certificates: null, server_groups: [],
});
const computes = c.hosts.filter((h) => h.agents.includes('nova-compute'));
const hvId = (h: string) => stableUuid(`hypervisor:${h}`);
const apiHv = (h: string) => ({
  host_ip: hostIp[h], hypervisor_hostname: h, hypervisor_type: 'QEMU', hypervisor_version: 8002000, id: hvId(h),
  service: { disabled_reason: null, host: h, id: stableUuid(`service:nova-compute:${h}`) }, state: 'up', status: 'enabled', uptime: null,
});
type AgentDef = { type: string; binary: string; host: string; topic: string; az: string | null; conf: Record<string, unknown> };
const agents: AgentDef[] = [];
for (const h of c.hosts) {
  if (h.agents.includes('ovs')) agents.push({ type: 'Open vSwitch agent', binary: 'neutron-openvswitch-agent', host: h.name, topic: 'N/A', az: null, conf: {
    ovs_hybrid_plug: true, in_distributed_mode: false, datapath_type: 'system', vhostuser_socket_dir: '/var/run/openvswitch',
    tunneling_ip: tunIp[h.name], arp_responder_enabled: false, devices: h.name === 'network1' ? 6 : 2,
    ovs_capabilities: { datapath_types: ['netdev', 'system'], iface_types: ['geneve', 'gre', 'internal', 'patch', 'system', 'tap', 'vxlan'] },
    log_agent_heartbeats: false, l2_population: true, tunnel_types: ['vxlan'], extensions: [], enable_distributed_routing: false,
    bridge_mappings: h.external ? { [h.external.physical_network]: h.external.bridge } : {},
    integration_bridge: 'br-int', resource_provider_bandwidths: {}, resource_provider_packet_processing_without_direction: {},
  } });
  if (h.agents.includes('l3')) agents.push({ type: 'L3 agent', binary: 'neutron-l3-agent', host: h.name, topic: 'l3_agent', az: 'nova', conf: {
    agent_mode: 'legacy', gateway_external_network_id: '', handle_internal_only_routers: true, routers: 1, interfaces: 2,
    floating_ips: 0, interface_driver: 'openvswitch', log_agent_heartbeats: false, ex_gw_ports: 1,
  } });
  if (h.agents.includes('dhcp')) agents.push({ type: 'DHCP agent', binary: 'neutron-dhcp-agent', host: h.name, topic: 'dhcp_agent', az: 'nova', conf: {
    subnets: 3, dhcp_lease_duration: 86400, dhcp_driver: 'neutron.agent.linux.dhcp.Dnsmasq', networks: 3, log_agent_heartbeats: false, ports: 6,
  } });
  if (h.agents.includes('metadata')) agents.push({ type: 'Metadata agent', binary: 'neutron-metadata-agent', host: h.name, topic: 'N/A', az: null, conf: {
    log_agent_heartbeats: false, nova_metadata_host: 'controller', nova_metadata_port: 8775, metadata_proxy_socket: '/var/lib/neutron/metadata_proxy',
  } });
}
const agentId = (a: AgentDef) => stableUuid(`agent:${a.host}:${a.binary}`);
const apiAgent = (a: AgentDef) => ({
  binary: a.binary, description: null, availability_zone: a.az, heartbeat_timestamp: '2026-11-21 16:02:11', admin_state_up: true,
  alive: true, id: agentId(a), topic: a.topic, host: a.host, agent_type: a.type, started_at: '2026-11-21 15:30:02',
  created_at: '2026-11-21 15:30:02', resources_synced: a.type === 'Open vSwitch agent' ? true : null, configurations: a.conf,
});
const sgRules = [
  { direction: 'egress', ethertype: 'IPv4', remote_group_id: null },
  { direction: 'egress', ethertype: 'IPv6', remote_group_id: null },
  { direction: 'ingress', ethertype: 'IPv4', remote_group_id: sgDefault },
  { direction: 'ingress', ethertype: 'IPv6', remote_group_id: sgDefault },
].map((r, k) => ({
  id: stableUuid(`sg-rule:default:${k}`), tenant_id: PROJECT, security_group_id: sgDefault, ethertype: r.ethertype, direction: r.direction,
  protocol: null, port_range_min: null, port_range_max: null, remote_ip_prefix: null, remote_address_group_id: null,
  normalized_cidr: null, remote_group_id: r.remote_group_id, standard_attr_id: 10 + k, belongs_to_default_sg: true,
  description: null, tags: [], created_at: T0, updated_at: T0, revision_number: 0, project_id: PROJECT,
}));
const apiSg = {
  id: sgDefault, name: 'default', stateful: true, tenant_id: PROJECT, description: 'Default security group', shared: false,
  security_group_rules: sgRules, tags: [], created_at: T0, updated_at: T0, revision_number: 4, project_id: PROJECT,
};

const API = join(__dirname, 'api');
write(API, 'networks.json', { networks: c.networks.map(apiNetwork) });
write(API, 'subnets.json', { subnets: c.subnets.map(apiSubnet) });
write(API, 'routers.json', { routers: c.routers.map(apiRouter) });
write(API, 'ports.json', { ports: c.ports.map(apiPort) });
write(API, 'servers.json', { servers: c.instances.map(apiServer) });
write(API, 'hypervisors.json', { hypervisors: computes.map((h) => apiHv(h.name)) });
write(API, 'agents.json', { agents: agents.map(apiAgent) });
write(API, 'security_groups.json', { security_groups: [apiSg] });

// ---------- CLI ----------
const CLI = join(__dirname, '..', '..', '..', 'examples', 'openstack');
write(CLI, 'networks.json', c.networks.map((n) => ({
  ID: n.id, Name: n.name, Status: 'ACTIVE', Project: PROJECT, State: n.admin_state_up, Shared: n['router:external'],
  Subnets: subnetsOf(n.id), 'Network Type': n['provider:network_type'], 'Router Type': n['router:external'],
  'Availability Zones': ['nova'], Tags: [],
})));
c.networks.forEach((n, i) => {
  const a = apiNetwork(n, i) as Record<string, unknown>;
  const { tenant_id: _t, ...rest } = a;
  const show = { ...rest, is_vlan_qinq: null, is_vlan_transparent: null, segments: null };
  write(CLI, `network-${n.name}.json`, Object.fromEntries(Object.entries(show).sort(([x], [y]) => x.localeCompare(y))));
});
write(CLI, 'subnets.json', c.subnets.map((s) => ({
  ID: s.id, Name: s.name, Network: s.network_id, Subnet: s.cidr, Project: PROJECT, DHCP: s.enable_dhcp,
  'Name Servers': s.dns_nameservers, 'Allocation Pools': s.allocation_pools, 'Host Routes': s.host_routes,
  'IP Version': s.ip_version, Gateway: s.gateway_ip, 'Service Types': [], Tags: [],
})));
write(CLI, 'routers.json', c.routers.map((r) => ({
  ID: r.id, Name: r.name, Status: 'ACTIVE', State: r.admin_state_up, Project: PROJECT, Distributed: false, HA: false,
  Routes: r.routes, 'External gateway info': gwInfo(r), 'Availability zones': ['nova'], Tags: [],
})));
for (const r of c.routers) {
  const { tenant_id: _t, ...rest } = apiRouter(r) as Record<string, unknown>;
  const interfaces_info = c.ports.filter((p) => p.device_id === r.id && p.device_owner !== 'network:router_gateway')
    .flatMap((p) => p.fixed_ips.map((f) => ({ port_id: p.id, ip_address: f.ip_address, subnet_id: f.subnet_id })));
  const show = { ...rest, interfaces_info };
  write(CLI, `router-${r.name}.json`, Object.fromEntries(Object.entries(show).sort(([x], [y]) => x.localeCompare(y))));
}
write(CLI, 'ports.json', c.ports.map((p) => ({
  ID: p.id, Name: '', 'MAC Address': p.mac_address, 'Fixed IP Addresses': p.fixed_ips, Status: 'ACTIVE',
  'Security Groups': p.security_groups, 'Device Owner': p.device_owner, Tags: [], 'Trunk subports': null,
})));
write(CLI, 'servers.json', c.instances.map((i) => ({
  ID: i.id, Name: i.name, Status: 'ACTIVE', 'Task State': null, 'Power State': 'Running',
  Networks: Object.fromEntries(server(i).map((p) => [net(p.network_id).name, p.fixed_ips.map((f) => f.ip_address)])),
  'Image Name': 'cirros-0.6.2-x86_64-disk', 'Image ID': 'b7e1c0a4-3f5e-4d2a-9c8b-1a2b3c4d5e6f', Flavor: 'm1.nano',
  'Availability Zone': 'nova', Host: i.host, Properties: {},
})));
write(CLI, 'hypervisors.json', computes.map((h) => ({
  ID: hvId(h.name), 'Hypervisor Hostname': h.name, 'Hypervisor Type': 'QEMU', 'Host IP': hostIp[h.name], State: 'up',
})));
write(CLI, 'agents.json', agents.map((a) => ({
  ID: agentId(a), 'Agent Type': a.type, Host: a.host, 'Availability Zone': a.az, Alive: true, State: true, Binary: a.binary,
})));
const svc = [['nova-scheduler', 'controller', 'internal'], ['nova-conductor', 'controller', 'internal'],
  ...computes.map((h) => ['nova-compute', h.name, 'nova'])];
write(CLI, 'services.json', svc.map(([b, h, z]) => ({
  ID: stableUuid(`service:${b}:${h}`), Binary: b, Host: h, Zone: z, Status: 'enabled', State: 'up', 'Updated At': '2026-11-21T16:02:05.000000',
})));
write(CLI, 'security_groups.json', [{ ID: sgDefault, Name: 'default', Description: 'Default security group', Project: PROJECT, Tags: [], Shared: false }]);
write(CLI, 'security_group_rules.json', sgRules.map((r) => ({
  ID: r.id, 'IP Protocol': null, Ethertype: r.ethertype, 'IP Range': r.remote_group_id ? null : r.ethertype === 'IPv4' ? '0.0.0.0/0' : '::/0',
  'Port Range': '', Direction: r.direction, 'Remote Security Group': r.remote_group_id, 'Remote Address Group': null, 'Security Group': r.security_group_id,
})));
