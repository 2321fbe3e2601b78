/**
 * Strings a careless or hostile user (or any tenant of an imported cloud) may choose: code and
 * comment breakers, control and bidi characters, path separators, huge names, and the names and
 * values realize or Neutron keep for themselves.
 */
export const HOSTILE_NAMES: readonly string[] = [
  '', ' ', 'a\nb', 'x */ require("child_process") /*', '${process.exit(1)}', '`rm -rf`', '"quoted"', "'single'",
  '</script><script>alert(1)</script>', '\u0000', '\u001b[31mred', '\u202eevil', '../../etc/passwd', 'a/b', 'a\\b',
  'x'.repeat(10_000), 'é', '😀',
  // Names realize and the agents keep for themselves.
  'br-int', 'br-tun', 'br-ex', 'root', 'fabric', 'management', 'overlay', 'upstream', 'uplink', 'provider',
  'qrouter-1', 'qdhcp-1', 'qbr1', 'eth0', 'eth1', 'eth2', 'internet', 'dhcp', 'metadata', 'default',
  // Addresses at the edges.
  'ff:ff:ff:ff:ff:ff', '01:00:5e:00:00:01', '00:00:00:00:00:00', 'fa:16:3e:00:00:01', 'FA:16:3E:00:00:01',
  '0.0.0.0', '255.255.255.255', '169.254.169.254', '127.0.0.1', '10.0.0.1', '10.0.0.0/0', '0.0.0.0/0', '10.0.0.1/32',
  '10.0.0.0/31', '10.0.0.0/8', '192.168.1.0/24', '192.168.1.1', '203.0.113.1', '1.2.3', '1.2.3.4.5', '01.02.03.04',
  '::1', 'fe80::1/64', '10.0.0.256', '10.0.0.1/33',
  // Enum neighbours.
  'vxlan', 'gre', 'vlan', 'flat', 'geneve', 'compute', 'network', 'controller', 'ovs', 'l3', 'dhcp', 'nova-compute',
  'ingress', 'egress', 'tcp', 'udp', 'icmp', 'openvswitch', 'iptables_hybrid',
  ...['constructor', '__proto__', 'toString', 'hasOwnProperty'],
];
