import { describe, expect, it } from '@jest/globals';
import { validateSpec } from './validate';
import { formatIssue } from './errors';
import { referenceCloudSpec } from './reference';

/* eslint-disable @typescript-eslint/no-explicit-any -- broken inputs are deliberately untyped */
const FILE = 'topologies/lab.yaml';
const broken = (mutate: (s: any) => void): any => {
  const s = structuredClone(referenceCloudSpec) as any;
  mutate(s);
  return s;
};
const fip = { floating_ip_address: '203.0.113.10', floating_network_id: 'provider1', instance: 'vm1' };
const trunk = { name: 'trunk1', instance: 'vm1', sub_ports: [{ network: 'selfservice2', segmentation_type: 'vlan', segmentation_id: 100 }] };
const sub = (extra: object) => ({ ...trunk, sub_ports: [{ ...trunk.sub_ports[0], ...extra }] });
const vxlan3 = { name: 'selfservice3', 'provider:network_type': 'vxlan', 'provider:segmentation_id': 103 };
/** A second network node, so that an HA router has two L3 agents. */
const withNetwork2 = (s: any) => {
  s.hosts.push({ name: 'network2', role: 'network', management: { ip: '10.0.0.22/24' }, overlay: { ip: '10.0.1.22/24' }, external: {} });
  s.routers[0].ha = true;
};

/** [rule, path, mutation of the (valid) reference spec, text the message must contain] */
const cases: [string, string, (s: any) => void, string][] = [
  ['required', 'subnets[1].cidr', (s) => { delete s.subnets[1].cidr; }, 'cidr is required'],
  ['required', 'networks', (s) => { delete s.networks; }, 'networks is required'],
  ['type', 'networks[0].provider:segmentation_id', (s) => { s.networks[0]['provider:segmentation_id'] = '101'; }, 'must be an integer or null, not a string'],
  ['type', 'instances[0].ports[0].mac_address', (s) => { s.instances[0].ports[0].mac_address = 'fa:16:3e'; }, 'MAC address'],
  ['type', 'options.physical_mtu', (s) => { s.options.physical_mtu = 20; }, 'between 68 and 65535'],
  ['enum', 'networks[1].provider:network_type', (s) => { s.networks[1]['provider:network_type'] = 'vxaln'; }, 'did you mean "vxlan"'],
  ['unknown-field', 'subnets[0].gatway_ip', (s) => { s.subnets[0].gatway_ip = '192.168.1.1'; }, 'did you mean "gateway_ip"'],
  ['unknown-field', 'hosts[2].managment', (s) => { s.hosts[2].managment = {}; }, 'allowed: name, role, agents, management, overlay, external'],
  ['duplicate-name', 'networks[3].name', (s) => { s.networks.push({ ...vxlan3, name: 'selfservice2' }); }, 'already used by networks[1]'],
  ['duplicate-name', 'subnets[1].id', (s) => { s.subnets[0].id = 'x'; s.subnets[1].id = 'x'; }, 'subnet id "x"'],
  ['duplicate-name', 'hosts[4].name', (s) => { s.hosts.push({ ...s.hosts[3] }); }, 'host name "compute2"'],
  ['unknown-reference', 'instances[1].host', (s) => { s.instances[1].host = 'compute3'; }, 'no host with name or id "compute3"'],
  ['unknown-reference', 'subnets[0].network', (s) => { s.subnets[0].network = 'selfservice'; s.subnets[0].enable_dhcp = false; }, 'no network with name or id "selfservice"'],
  ['unknown-reference', 'instances[0].ports[0].fixed_ips[0].subnet', (s) => { s.instances[0].ports[0].fixed_ips[0].subnet = 'selfservice2-v4'; }, 'not on the port\'s network selfservice1'],
  ['unknown-reference', 'instances[0].ports[0].security_groups[0]', (s) => { s.instances[0].ports[0].security_groups = ['web']; }, 'no security group with name or id "web"'],
  ['unknown-reference', 'security_groups[0].rules[0].remote_group', (s) => { s.security_groups = [{ name: 'web', rules: [{ direction: 'ingress', remote_group: 'wbe' }] }]; }, 'did you mean "web"'],
  ['invalid-ip', 'instances[0].ports[0].fixed_ips[0].ip_address', (s) => { s.instances[0].ports[0].fixed_ips[0].ip_address = '192.168.1.300'; }, '"192.168.1.300" is not an IPv4 address'],
  ['invalid-ip', 'subnets[2].allocation_pools[0]', (s) => { s.subnets[2].allocation_pools[0] = { start: '203.0.113.250', end: '203.0.113.101' }; }, 'after its end'],
  ['invalid-cidr', 'subnets[0].cidr', (s) => { s.subnets[0].cidr = '192.168.1.0/33'; }, 'not an IPv4 CIDR'],
  ['invalid-cidr', 'subnets[0].cidr', (s) => { s.subnets[0].cidr = '192.168.1.5/24'; }, 'did you mean 192.168.1.0/24'],
  ['invalid-cidr', 'hosts[2].overlay.ip', (s) => { s.hosts[2].overlay.ip = '10.0.1.31'; }, 'prefix length'],
  ['ip-outside-subnet', 'subnets[2].gateway_ip', (s) => { s.subnets[2].gateway_ip = '198.51.100.1'; }, 'not a usable address of subnet provider1-v4 (203.0.113.0/24)'],
  ['ip-outside-subnet', 'subnets[2].allocation_pools[0].end', (s) => { s.subnets[2].allocation_pools[0].end = '203.0.113.255'; }, '203.0.113.255'],
  ['ip-outside-subnet', 'instances[0].ports[0].fixed_ips[0].ip_address', (s) => { s.instances[0].ports[0].fixed_ips[0].ip_address = '192.168.2.11'; }, 'selfservice1-v4'],
  ['ip-outside-subnet', 'subnets[0].host_routes[0].nexthop', (s) => { s.subnets[0].host_routes = [{ destination: '10.10.0.0/16', nexthop: '192.168.2.1' }]; }, '192.168.2.1'],
  ['ip-outside-subnet', 'routers[0].routes[0].nexthop', (s) => { s.routers[0].routes = [{ destination: '10.10.0.0/16', nexthop: '172.16.0.1' }]; }, 'not on any subnet attached to router router1'],
  ['ip-in-use', 'instances[1].ports[0].fixed_ips[0].ip_address', (s) => { s.instances[1].ports[0].fixed_ips[0].ip_address = '192.168.1.11'; }, 'already used by instances[0].ports[0].fixed_ips[0].ip_address'],
  ['ip-in-use', 'instances[0].ports[0].fixed_ips[0].ip_address', (s) => { s.instances[0].ports[0].fixed_ips[0].ip_address = '192.168.1.1'; }, 'already used by routers[0].interfaces[0]'],
  ['ip-in-use', 'routers[1].interfaces[0].subnet', (s) => { s.routers.push({ name: 'router2', interfaces: [{ subnet: 'selfservice1-v4' }] }); }, 'gateway_ip 192.168.1.1'],
  ['ip-in-use', 'subnets[2].gateway_ip', (s) => { s.subnets[2].gateway_ip = '203.0.113.101'; }, 'inside allocation pool'],
  ['ip-in-use', 'subnets[2].allocation_pools[1]', (s) => { s.subnets[2].allocation_pools.push({ start: '203.0.113.200', end: '203.0.113.254' }); }, 'overlaps pool 203.0.113.101-203.0.113.250'],
  ['duplicate-mac', 'instances[1].ports[0].mac_address', (s) => { s.instances[0].ports[0].mac_address = 'fa:16:3e:00:00:01'; s.instances[1].ports[0].mac_address = 'FA:16:3E:00:00:01'; }, 'on network selfservice1'],
  ['subnet-overlap', 'subnets[3].cidr', (s) => { s.subnets.push({ name: 'extra', network: 'selfservice1', cidr: '192.168.1.128/25' }); }, 'overlaps subnet selfservice1-v4 (192.168.1.0/24)'],
  ['router-overlapping-cidr', 'routers[0].interfaces[2].subnet', (s) => {
    s.networks.push(vxlan3);
    s.subnets.push({ name: 'selfservice3-v4', network: 'selfservice3', cidr: '192.168.1.0/24' });
    s.routers[0].interfaces.push({ subnet: 'selfservice3-v4' });
  }, 'overlaps subnet selfservice1-v4'],
  ['router-overlapping-cidr', 'routers[0].interfaces[2].subnet', (s) => {
    s.networks.push(vxlan3);
    s.subnets.push({ name: 'selfservice3-v4', network: 'selfservice3', cidr: '203.0.113.0/25' });
    s.routers[0].interfaces.push({ subnet: 'selfservice3-v4' });
  }, 'overlaps subnet provider1-v4'],
  ['router-overlapping-cidr', 'routers[0].interfaces[2].subnet', (s) => { s.routers[0].interfaces.push({ subnet: 'selfservice1-v4' }); }, 'already has a port on subnet selfservice1-v4'],
  ['router-one-gateway', 'routers[0].external_gateway_info', (s) => { s.routers[0].external_gateway_info = [{ network: 'provider1' }]; }, 'one gateway'],
  ['router-one-gateway', 'routers[0].external_gateway_info.external_fixed_ips[1].subnet', (s) => {
    s.networks.push({ name: 'provider2', 'provider:network_type': 'vlan', 'provider:segmentation_id': 200, 'provider:physical_network': 'provider', 'router:external': true });
    s.subnets.push({ name: 'provider2-v4', network: 'provider2', cidr: '198.51.100.0/24' });
    s.routers[0].external_gateway_info.external_fixed_ips = [{ subnet: 'provider1-v4' }, { subnet: 'provider2-v4' }];
  }, 'not on gateway network provider1'],
  ['gateway-not-external', 'routers[0].external_gateway_info.network', (s) => { s.networks[2]['router:external'] = false; }, 'provider1 is not router:external'],
  ['interface-subnet-no-gateway', 'routers[0].interfaces[1].subnet', (s) => { s.subnets[1].gateway_ip = null; }, 'no gateway_ip'],
  ['segmentation-id-range', 'networks[0].provider:segmentation_id', (s) => { s.networks[0]['provider:segmentation_id'] = 16777216; }, '1..16777215'],
  ['segmentation-id-range', 'networks[0].provider:segmentation_id', (s) => { delete s.networks[0]['provider:segmentation_id']; }, 'needs provider:segmentation_id'],
  ['segmentation-id-range', 'networks[2].provider:segmentation_id', (s) => { s.networks[2]['provider:segmentation_id'] = 5; }, 'flat network has no segmentation id'],
  ['segmentation-id-range', 'networks[3].provider:segmentation_id', (s) => {
    s.networks.push({ name: 'vlan1', 'provider:network_type': 'vlan', 'provider:segmentation_id': 4095, 'provider:physical_network': 'provider' });
  }, '1..4094'],
  ['segmentation-id-reused', 'networks[1].provider:segmentation_id', (s) => { s.networks[1]['provider:segmentation_id'] = 101; }, 'already used by network selfservice1'],
  ['segmentation-id-reused', 'networks[3].provider:physical_network', (s) => {
    s.networks.push({ name: 'provider2', 'provider:network_type': 'flat', 'provider:physical_network': 'provider' });
  }, 'already carries flat network provider1'],
  ['physical-network', 'networks[2].provider:physical_network', (s) => { s.networks[2]['provider:physical_network'] = 'physnet9'; }, 'no host running ovs bridges physical network "physnet9"'],
  ['physical-network', 'networks[2].provider:physical_network', (s) => { delete s.networks[2]['provider:physical_network']; }, 'needs provider:physical_network'],
  ['physical-network', 'networks[0].provider:physical_network', (s) => { s.networks[0]['provider:physical_network'] = 'provider'; }, 'takes no physical network'],
  ['host-role', 'options.nova_metadata_host', (s) => { s.hosts.shift(); }, 'no host runs nova-metadata'],
  ['host-role', 'routers[0].host', (s) => { s.hosts[1].agents = ['ovs', 'dhcp', 'metadata']; }, 'no host runs the l3 agent'],
  ['host-agent', 'instances[0].host', (s) => { s.instances[0].host = 'network1'; }, 'does not run nova-compute'],
  ['host-agent', 'routers[0].host', (s) => { s.routers[0].host = 'compute1'; }, 'does not run the l3 agent'],
  ['overlay-missing', 'hosts[3].overlay', (s) => { delete s.hosts[3].overlay; }, 'compute2 runs ovs but has no overlay address'],
  ['pool-exhausted', 'instances[5].ports[0]', (s) => {
    s.subnets[0].allocation_pools = [{ start: '192.168.1.2', end: '192.168.1.3' }];
    s.instances.push({ name: 'vm5', host: 'compute1', ports: [{ network: 'selfservice1' }] });
    s.instances.push({ name: 'vm6', host: 'compute1', ports: [{ network: 'selfservice1' }] });
  }, 'no free address left in subnet selfservice1-v4 (192.168.1.0/24) for port vm6-port0 (2 free, 3 needed)'],
  ['pool-exhausted', 'subnets[2]', (s) => { s.subnets[2].allocation_pools = [{ start: '203.0.113.101', end: '203.0.113.101' }]; }, 'for the DHCP port of network provider1'],
  ['tunnel-type', 'networks[1].provider:network_type', (s) => { s.networks[1]['provider:network_type'] = 'gre'; }, 'options.tunnel_type is vxlan'],
  ['port-range', 'security_groups[0].rules[0]', (s) => { s.security_groups = [{ name: 'ssh', rules: [{ direction: 'ingress', port_range_min: 22, port_range_max: 22 }] }]; }, 'needs protocol'],
  // Accepted before, then crashed in realize (issue 17):
  ['host-agent', 'hosts[1].agents', (s) => { s.hosts[1].agents = ['l3', 'metadata']; delete s.hosts[1].external; s.networks.splice(2, 1); s.subnets.splice(2, 1); delete s.routers[0].external_gateway_info; }, 'runs l3 but not ovs'],
  ['host-agent', 'hosts[4].agents', (s) => { s.hosts.push({ name: 'dhcp1', role: 'network', agents: ['dhcp'], management: { ip: '10.0.0.41/24' } }); }, 'runs dhcp but not ovs'],
  ['reserved-name', 'hosts[1].external.bridge', (s) => { s.hosts[1].external.bridge = 'br-int'; }, 'bridge name "br-int" is reserved'],
  ['reserved-name', 'hosts[1].external.bridge', (s) => { s.hosts[1].external.bridge = 'br-tun'; }, 'bridge name "br-tun" is reserved'],
  ['reserved-name', 'hosts[1].external.physical_network', (s) => { s.hosts[1].external.physical_network = 'management'; s.networks[2]['provider:physical_network'] = 'management'; }, 'physical network "management" is reserved'],
  ['reserved-name', 'hosts[0].name', (s) => { s.hosts[0].name = 'fabric'; }, '"fabric" is reserved'],
  ['reserved-name', 'instances[0].name', (s) => { s.instances[0].name = 'br-int'; }, 'bridge br-int'],
  ['reserved-name', 'instances[0].name', (s) => { s.instances[0].name = 'qrouter-x'; }, 'the prefix is reserved'],
  // neutron-lib api/validators validate_mac_address: constants.INVALID_MAC_ADDRESSES = 00:00:00:00:00:00 and ff:ff:ff:ff:ff:ff.
  ['invalid-mac', 'instances[0].ports[0].mac_address', (s) => { s.instances[0].ports[0].mac_address = 'FF:FF:FF:FF:FF:FF'; }, 'broadcast MAC, which Neutron rejects'],
  ['invalid-mac', 'instances[0].ports[0].mac_address', (s) => { s.instances[0].ports[0].mac_address = '00:00:00:00:00:00'; }, 'all-zero MAC, which Neutron rejects'],
  // Passes Neutron's API, but the kernel refuses a multicast address on an interface (is_valid_ether_addr).
  ['invalid-mac', 'routers[0].interfaces[0].mac_address', (s) => { s.routers[0].interfaces[0].mac_address = '01:00:5e:00:00:01'; }, 'multicast MAC'],
  ['unknown-field', 'hosts[0].constructor', (s) => { s.hosts[0].constructor = 1; }, 'unknown field "constructor"'],
  ['unknown-field', 'options.toString', (s) => { s.options.toString = 'x'; }, 'unknown field "toString"'],
  ['unknown-field', 'subnets[0].hasOwnProperty', (s) => { s.subnets[0].hasOwnProperty = {}; }, 'unknown field "hasOwnProperty"'],
  ['unknown-field', 'networks[0].__proto__', (s) => { Object.defineProperty(s.networks[0], '__proto__', { value: { a: 1 }, enumerable: true }); }, 'unknown field "__proto__"'],
  ['unknown-field', '(root)[""]', (s) => { s[''] = 1; }, 'unknown field ""'],
  ['unknown-field', 'hosts[0]["a.b"]', (s) => { s.hosts[0]['a.b'] = 1; }, 'unknown field "a.b"'],
  ['type', 'networks[0].mtu', (s) => { s.networks[0].mtu = 10n; }, 'not a bigint'],
  ['type', 'hosts[1]', (s) => { s.hosts[1] = undefined; }, 'must be a mapping, not missing'],
  ['port-security', 'instances[0].ports[0].security_groups', (s) => { s.instances[0].ports[0].port_security_enabled = false; s.instances[0].ports[0].security_groups = ['default']; }, 'port_security_enabled is false'],
  ['fip-network-not-external', 'floatingips[0].floating_network_id', (s) => { s.floatingips = [{ ...fip, floating_network_id: 'selfservice2', floating_ip_address: '192.168.2.50' }]; }, 'selfservice2 is not router:external'],
  ['fip-address-outside-network', 'floatingips[0].floating_ip_address', (s) => { s.floatingips = [{ ...fip, floating_ip_address: '198.51.100.7' }]; }, 'on no subnet of floating network provider1'],
  ['fip-duplicate-address', 'floatingips[1].floating_ip_address', (s) => { s.floatingips = [fip, { ...fip, instance: 'vm2' }]; }, 'already the floating IP of floatingips[0]'],
  ['ip-in-use', 'floatingips[0].floating_ip_address', (s) => { s.routers[0].external_gateway_info.external_fixed_ips = [{ subnet: 'provider1-v4', ip_address: '203.0.113.10' }]; s.floatingips = [fip]; }, 'already used by routers[0]'],
  ['fip-port', 'floatingips[0]', (s) => { s.floatingips = [{ ...fip, port_id: 'p1' }]; }, 'exactly one of port_id and instance'],
  ['fip-port-unknown', 'floatingips[0].port_id', (s) => { s.instances[0].ports[0].id = 'vm1-port'; s.floatingips = [{ floating_ip_address: '203.0.113.10', floating_network_id: 'provider1', port_id: 'vm1-prot' }]; }, 'did you mean "vm1-port"'],
  ['unknown-reference', 'floatingips[0].instance', (s) => { s.floatingips = [{ ...fip, instance: 'vm9' }]; }, 'no instance with name or id "vm9"'],
  ['fip-fixed-ip', 'floatingips[0].fixed_ip_address', (s) => { s.floatingips = [{ ...fip, fixed_ip_address: '192.168.1.99' }]; }, 'not a fixed IP written on port vm1-port0'],
  ['fip-fixed-ip', 'floatingips[0]', (s) => { s.instances[0].ports[0].fixed_ips = []; s.floatingips = [fip]; }, 'port vm1-port0 has no fixed IP'],
  ['fip-port-in-use', 'floatingips[1]', (s) => { s.floatingips = [fip, { ...fip, floating_ip_address: '203.0.113.11' }]; }, 'already has floating IP 203.0.113.10'],
  ['fip-unreachable', 'floatingips[0]', (s) => { s.routers[0].interfaces = [{ subnet: 'selfservice2-v4' }]; s.floatingips = [fip]; }, 'provider1 is not reachable from subnet selfservice1-v4'],
  ['ha-agents', 'routers[0].ha', (s) => { s.routers[0].ha = true; }, 'HA router router1 needs at least 2 L3 agents for VRRP to fail over between; hosts running l3: 1 (network1)'],
  ['ha-agents', 'options.l3_ha', (s) => { s.options.l3_ha = true; }, 'needs at least 2 L3 agents'],
  ['ha-agents', 'routers[0].host', (s) => { withNetwork2(s); s.routers[0].host = 'network1'; }, 'router router1 is HA: it runs on every host in l3_agents, so it takes no host'],
  ['ha-agents', 'routers[0].l3_agents', (s) => { s.routers[0].l3_agents = [{ host: 'network1' }]; }, 'router router1 is not HA'],
  ['ha-agents', 'routers[0].l3_agents[1].host', (s) => { withNetwork2(s); s.routers[0].l3_agents = [{ host: 'network1' }, { host: 'network1' }]; }, 'host network1 is listed twice for router router1'],
  ['ha-agents', 'routers[0].l3_agents', (s) => { withNetwork2(s); s.options.max_l3_agents_per_router = 1; s.routers[0].l3_agents = [{ host: 'network1' }, { host: 'network2' }]; }, 'more than options.max_l3_agents_per_router (1)'],
  ['host-agent', 'routers[0].l3_agents[1].host', (s) => { withNetwork2(s); s.routers[0].l3_agents = [{ host: 'network1' }, { host: 'compute1' }, { host: 'network2' }]; }, 'host compute1 does not run the l3 agent, so it cannot host HA router router1'],
  ['unknown-reference', 'routers[0].l3_agents[1].host', (s) => { withNetwork2(s); s.routers[0].l3_agents = [{ host: 'network1' }, { host: 'netwrok2' }, { host: 'network2' }]; }, 'did you mean "network2"'],
  ['enum', 'routers[0].l3_agents[0].ha_state', (s) => { withNetwork2(s); s.routers[0].l3_agents = [{ host: 'network1', ha_state: 'master' }, { host: 'network2' }]; }, 'active'],
  ['invalid-cidr', 'options.l3_ha_net_cidr', (s) => { withNetwork2(s); s.options.l3_ha_net_cidr = '169.254.192.1/18'; }, 'did you mean 169.254.192.0/18'],
  ['invalid-cidr', 'options.l3_ha_net_cidr', (s) => { withNetwork2(s); s.options.l3_ha_net_cidr = '169.254.192.0/31'; }, 'too few addresses for one HA port per L3 agent'],
  ['ha-vr-id', 'routers[254].ha', (s) => { withNetwork2(s); for (let i = 1; i <= 254; i++) s.routers.push({ name: `r${i}`, ha: true }); }, 'router r254 is HA router number 255, but an HA network has only 254 VRRP ids'],
  ['dhcp-port', 'networks[2].dhcp_port', (s) => { s.subnets[2].enable_dhcp = false; s.networks[2].dhcp_port = { port_id: 'p-dhcp' }; }, 'none of its subnets has enable_dhcp'],
  ['duplicate-mac', 'instances[0].ports[0].mac_address', (s) => { s.instances[0].ports[0].mac_address = 'fa:16:3e:00:00:01'; s.networks[0].dhcp_port = { mac_address: 'fa:16:3e:00:00:01' }; }, 'already used by networks[0].dhcp_port.mac_address'],
  ['duplicate-name', 'instances[0].ports[0].id', (s) => { s.routers[0].external_gateway_info.port_id = 'p1'; s.instances[0].ports[0].id = 'p1'; }, 'already used by routers[0].external_gateway_info.port_id'],
  ['invalid-mac', 'routers[0].external_gateway_info.mac_address', (s) => { s.routers[0].external_gateway_info.mac_address = '01:00:5e:00:00:02'; }, 'multicast MAC'],
  // Security groups (issue 11): protocols, ICMP type/code, statefulness, allowed address pairs.
  ['unknown-protocol', 'security_groups[0].rules[0].protocol', (s) => { s.security_groups = [{ name: 'g', rules: [{ direction: 'ingress', protocol: 'tpc' }] }]; }, 'did you mean "tcp"'],
  ['unknown-protocol', 'security_groups[0].rules[0].protocol', (s) => { s.security_groups = [{ name: 'g', rules: [{ direction: 'ingress', protocol: 256 }] }]; }, 'nor a number 0..255'],
  ['port-range', 'security_groups[0].rules[0]', (s) => { s.security_groups = [{ name: 'g', rules: [{ direction: 'ingress', protocol: 'icmp', port_range_max: 0 }] }]; }, 'ICMP code (port_range_max) needs an ICMP type'],
  ['port-range', 'security_groups[0].rules[0]', (s) => { s.security_groups = [{ name: 'g', rules: [{ direction: 'ingress', protocol: 'vrrp', port_range_min: 1, port_range_max: 2 }] }]; }, 'protocol vrrp has no ports'],
  ['port-range', 'security_groups[0].rules[0]', (s) => { s.security_groups = [{ name: 'g', rules: [{ direction: 'ingress', protocol: 6, port_range_min: 90, port_range_max: 80 }] }]; }, 'a tcp port range needs 1 <= port_range_min <= port_range_max'],
  ['sg-statefulness', 'instances[0].ports[0].security_groups', (s) => { s.security_groups = [{ name: 'open', stateful: false, rules: [] }]; s.instances[0].ports[0].security_groups = ['default', 'open']; }, 'stateless group open and stateful group default cannot both apply to one port'],
  ['invalid-cidr', 'instances[0].ports[0].allowed_address_pairs[0].ip_address', (s) => { s.instances[0].ports[0].allowed_address_pairs = [{ ip_address: '10.0.0.300' }]; }, 'not an IPv4 address or CIDR'],
  ['invalid-cidr', 'instances[0].ports[0].allowed_address_pairs[0].ip_address', (s) => { s.instances[0].ports[0].allowed_address_pairs = [{ ip_address: '0.0.0.0/0' }]; }, 'Neutron refuses 0.0.0.0/0 pairs'],
  ['invalid-mac', 'instances[0].ports[0].allowed_address_pairs[0].mac_address', (s) => { s.instances[0].ports[0].allowed_address_pairs = [{ ip_address: '192.168.1.200', mac_address: 'ff:ff:ff:ff:ff:ff' }]; }, 'broadcast MAC'],
  ['duplicate-address-pair', 'instances[0].ports[0].allowed_address_pairs[1]', (s) => { s.instances[0].ports[0].allowed_address_pairs = [{ ip_address: '192.168.1.200' }, { ip_address: '192.168.1.200' }]; }, 'the same pair as allowed_address_pairs[0]'],
  ['port-security', 'instances[0].ports[0].allowed_address_pairs', (s) => { s.instances[0].ports[0].port_security_enabled = false; s.instances[0].ports[0].allowed_address_pairs = [{ ip_address: '192.168.1.200' }]; }, 'Neutron needs port security for allowed address pairs'],
  ['type', 'security_groups[0].stateful', (s) => { s.security_groups = [{ name: 'g', stateful: 'no', rules: [] }]; }, 'must be true or false'],
  ['trunk-parent', 'trunks[0]', (s) => { s.trunks = [{ ...trunk, port_id: 'p1' }]; }, 'exactly one of port_id and instance'],
  ['trunk-parent-unknown', 'trunks[0].port_id', (s) => { s.instances[0].ports[0].id = 'vm1-port'; s.trunks = [{ name: 't', port_id: 'vm1-prot' }]; }, 'did you mean "vm1-port"'],
  ['unknown-reference', 'trunks[0].instance', (s) => { s.trunks = [{ ...trunk, instance: 'vm9' }]; }, 'no instance with name or id "vm9"'],
  ['trunk-port-in-use', 'trunks[1]', (s) => { s.trunks = [trunk, { name: 'trunk2', instance: 'vm1' }]; }, 'port vm1-port0 is already the parent of trunk trunk1'],
  ['trunk-port-in-use', 'trunks[0].sub_ports[0].port_id', (s) => { s.instances[2].ports[0].id = 'p3'; s.trunks = [sub({ port_id: 'p3' })]; }, "port vm3-port0 (instances[2].ports[0]), an instance's NIC"],
  ['trunk-segmentation-id-reused', 'trunks[0].sub_ports[1].segmentation_id', (s) => {
    s.networks.push(vxlan3); s.trunks = [{ ...trunk, sub_ports: [trunk.sub_ports[0], { ...trunk.sub_ports[0], network: 'selfservice3' }] }];
  }, 'vlan 100 is already used by trunks[0].sub_ports[0] on trunk trunk1'],
  ['type', 'trunks[0].sub_ports[0].segmentation_id', (s) => { s.trunks = [sub({ segmentation_id: 4095 })]; }, 'between 1 and 4094'],
  ['enum', 'trunks[0].sub_ports[0].segmentation_type', (s) => { s.trunks = [sub({ segmentation_type: 'inherit' })]; }, 'must be one of "vlan"'],
  ['trunk-subport-network', 'trunks[0].sub_ports[0].network', (s) => { s.trunks = [sub({ network: 'selfservice1' })]; }, "the parent's own network"],
  ['trunk-subport-mtu', 'trunks[0].sub_ports[0].network', (s) => { s.trunks = [sub({ network: 'provider1' })]; }, 'network provider1 has MTU 1500, more than the parent\'s network selfservice1 (1450)'],
  ['trunk-shared-mac', 'trunks[0].sub_ports[0].mac_address', (s) => {
    s.options.firewall_driver = 'openvswitch'; s.instances[0].ports[0].mac_address = 'fa:16:3e:00:00:01'; s.trunks = [sub({ mac_address: 'fa:16:3e:00:00:01' })];
  }, 'is also the MAC of the parent port vm1-port0'],
  ['ip-in-use', 'trunks[0].sub_ports[0].fixed_ips[0].ip_address', (s) => { s.trunks = [sub({ fixed_ips: [{ subnet: 'selfservice2-v4', ip_address: '192.168.2.13' }] })]; }, 'already used by instances[2]'],
  ['duplicate-mac', 'trunks[0].sub_ports[0].mac_address', (s) => { s.instances[2].ports[0].mac_address = 'fa:16:3e:00:00:03'; s.trunks = [sub({ mac_address: 'fa:16:3e:00:00:03' })]; }, 'on network selfservice2'],
  ['duplicate-name', 'trunks[0].sub_ports[0].port_id', (s) => { s.networks[0].dhcp_port = { port_id: 'p9' }; s.trunks = [sub({ port_id: 'p9' })]; }, 'already used by networks[0].dhcp_port.port_id'],
  ['required', 'floatingips[0].floating_network_id', (s) => { s.floatingips = [{ floating_ip_address: '203.0.113.10', instance: 'vm1' }]; }, 'floating_network_id is required'],
];

describe('validateSpec', () => {
  it('accepts the reference cloud', () => {
    expect(validateSpec(referenceCloudSpec, FILE)).toEqual([]);
  });

  it('accepts a trunk named by its parent port id, and one whose subport shares the parent MAC under iptables_hybrid', () => {
    expect(validateSpec(broken((s) => { s.instances[0].ports[0].id = 'p1'; s.trunks = [{ ...trunk, instance: undefined, port_id: 'p1' }]; }), FILE)).toEqual([]);
    expect(validateSpec(broken((s) => { s.instances[0].ports[0].mac_address = 'fa:16:3e:00:00:01'; s.trunks = [sub({ mac_address: 'fa:16:3e:00:00:01' })]; }), FILE)).toEqual([]);
  });

  it.each(cases)('reports %s at %s', (rule, path, mutate, text) => {
    const issues = validateSpec(broken(mutate), FILE);
    expect(issues.map(({ rule: r, path: p }) => ({ rule: r, path: p }))).toEqual([{ rule, path }]);
    expect(issues[0].file).toBe(FILE);
    expect(issues[0].message).toContain(text);
    expect(formatIssue(issues[0])).toBe(`${FILE}: ${path}: ${issues[0].message} [${rule}]`);
  });

  it('covers every rule it documents', () => {
    const rules = new Set(cases.map(([rule]) => rule));
    expect([...rules].sort()).toEqual([
      'dhcp-port', 'duplicate-address-pair', 'duplicate-mac', 'duplicate-name', 'enum', 'fip-address-outside-network', 'fip-duplicate-address', 'fip-fixed-ip', 'fip-network-not-external',
      'fip-port', 'fip-port-in-use', 'fip-port-unknown', 'fip-unreachable', 'gateway-not-external', 'ha-agents', 'ha-vr-id', 'host-agent', 'host-role', 'interface-subnet-no-gateway',
      'invalid-cidr', 'invalid-ip', 'invalid-mac', 'ip-in-use', 'ip-outside-subnet', 'overlay-missing', 'physical-network', 'pool-exhausted',
      'port-range', 'port-security', 'required', 'reserved-name', 'router-one-gateway', 'router-overlapping-cidr', 'segmentation-id-range',
      'segmentation-id-reused', 'sg-statefulness', 'subnet-overlap', 'trunk-parent', 'trunk-parent-unknown', 'trunk-port-in-use', 'trunk-segmentation-id-reused', 'trunk-shared-mac', 'trunk-subport-mtu', 'trunk-subport-network', 'tunnel-type', 'type', 'unknown-field', 'unknown-protocol', 'unknown-reference',
    ]);
  });

  it('collects every issue, not just the first', () => {
    const issues = validateSpec(broken((s) => {
      s.hosts[2].managment = {};
      s.networks[1]['provider:segmentation_id'] = 101;
      s.instances[3].host = 'compute9';
      s.instances[2].ports[0].fixed_ips[0].ip_address = '192.168.2.1';
    }), FILE);
    expect(issues.map((i) => `${i.path} [${i.rule}]`)).toEqual([
      'hosts[2].managment [unknown-field]',
      'networks[1].provider:segmentation_id [segmentation-id-reused]',
      'instances[2].ports[0].fixed_ips[0].ip_address [ip-in-use]',
      'instances[3].host [unknown-reference]',
    ]);
  });

  it('does not cascade from an object with a broken shape', () => {
    // The network is left out of the rule pass, but the subnets and ports naming it are not
    // reported as dangling references.
    const issues = validateSpec(broken((s) => { s.networks[0]['provider:network_type'] = 'geneve'; }), FILE);
    expect(issues.map((i) => i.rule)).toEqual(['enum']);
  });

  it('rejects a document that is not a mapping', () => {
    expect(validateSpec([], 'spec')).toEqual([{ file: 'spec', path: '(root)', rule: 'type', message: 'must be a mapping, not a list' }]);
    expect(validateSpec(null, 'spec')[0]).toMatchObject({ path: '(root)', rule: 'type' });
  });

  it('accepts references by id as well as by name', () => {
    const spec = broken((s) => {
      s.networks[0].id = 'net-1';
      s.subnets[0].network = 'net-1';
      s.instances[0].ports[0].network = 'net-1';
    });
    expect(validateSpec(spec, FILE)).toEqual([]);
  });

  it('treats fields set to undefined (as builders produce) as absent', () => {
    expect(validateSpec(broken((s) => { s.routers[0].host = undefined; }), FILE)).toEqual([]);
  });
});
