import { renderMinimal } from '../../src';
import { traceSerializer } from '../serializer';
import { healthy, vm1IcmpDropped } from './helpers';

const trace = healthy.trace('vm1', 'vm2');

describe('trace snapshot serializer', () => {
  test('stores the minimal view of a trace, not its JSON', () => {
    expect(trace).toMatchInlineSnapshot(`
vm1 → vm2: icmp 192.168.1.11 → 192.168.1.12
  compute1  vm1 → eth0
  compute1    qbr5742ee20-b2 tap5742ee20-b2 → qvb5742ee20-b2
  compute1      br-int qvo5742ee20-b2 → patch-tun  [vlan 1]
  compute1        br-tun patch-int → vxlan-0a000120  [vxlan 101 → 10.0.1.32]
  compute1  root → eth1
  fabric      overlay compute1 → compute2
  compute2  root eth1  [→ ovs-vswitchd (vxlan_sys_4789) udp/4789; decap vxlan 101 from 10.0.1.31]
  compute2        br-tun vxlan-0a00011f → patch-int  [vlan 1]
  compute2      br-int patch-tun → qvo4afd1088-6f
  compute2    qbr4afd1088-6f qvb4afd1088-6f → tap4afd1088-6f
  compute2  vm2 eth0
reply:
  compute2  vm2 → eth0
  compute2    qbr4afd1088-6f tap4afd1088-6f → qvb4afd1088-6f
  compute2      br-int qvo4afd1088-6f → patch-tun  [vlan 1]
  compute2        br-tun patch-int → vxlan-0a00011f  [vxlan 101 → 10.0.1.31]
  compute2  root → eth1
  fabric      overlay compute2 → compute1
  compute1  root eth1  [→ ovs-vswitchd (vxlan_sys_4789) udp/4789; decap vxlan 101 from 10.0.1.32]
  compute1        br-tun vxlan-0a000120 → patch-int  [vlan 1]
  compute1      br-int patch-tun → qvo5742ee20-b2
  compute1    qbr5742ee20-b2 qvb5742ee20-b2 → tap5742ee20-b2
  compute1  vm1 eth0
delivered to vm2 (vm2@compute2)
`);
  });

  test('stores the minimal view in snapshot files too', () => {
    expect(vm1IcmpDropped.trace('vm1', 'vm2')).toMatchSnapshot();
  });

  test('serializes traces nested in other values', () => {
    // The serializer ignores pretty-format's indentation, so nested trace lines start at column 0.
    expect({ before: vm1IcmpDropped.trace('vm1', 'vm2') }).toMatchInlineSnapshot(`
{
  "before": vm1 → vm2: icmp 192.168.1.11 → 192.168.1.12
    compute1  vm1 → eth0
    compute1    qbr5742ee20-b2 tap5742ee20-b2  [DROP neutron-openvswi-o5742ee20-b]
  dropped at qbr5742ee20-b2@compute1: security group: iptables neutron-openvswi-o5742ee20-b dropped icmp 192.168.1.11 → 192.168.1.12 from tap5742ee20-b2 to qvb5742ee20-b2: egress of vm1 (tap5742ee20-b2; security group default) [neutron-openvswi-o5742ee20-b: injected: security group drops this traffic],
}
`);
  });

  test('recognizes traces only', () => {
    expect(traceSerializer.test(trace)).toBe(true);
    expect(traceSerializer.test(healthy)).toBe(false);
    expect(traceSerializer.test({ flow: {}, root: {} })).toBe(false);
    expect(traceSerializer.test(null)).toBe(false);
    expect(traceSerializer.test('vm1 → vm2')).toBe(false);
  });

  test('writes exactly the minimal view: the title, one line per hop, the outcome, no JSON', () => {
    const text = (traceSerializer as unknown as { serialize(v: unknown): string }).serialize(trace);
    expect(text).toBe(renderMinimal(trace));
    const lines = text.split('\n');
    expect(lines[0]).toBe('vm1 → vm2: icmp 192.168.1.11 → 192.168.1.12');
    expect(lines.slice(1, -1).every((l) => l === 'reply:' || /^ {2}(compute[12]|fabric) +\S/.test(l))).toBe(true);
    expect(lines.filter((l) => l === 'reply:')).toHaveLength(1);
    expect(lines.at(-1)).toBe('delivered to vm2 (vm2@compute2)');
    expect(text).not.toMatch(/[{}]|"disposition"|"hops"/);
  });
});
