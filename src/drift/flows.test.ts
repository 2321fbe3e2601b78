import type { Flow } from '../dataplane/types';
import { DriftSink } from './compare';
import { compareFlows, flowText, type BridgeReading } from './flows';

const reading = (vlans: Record<number, string>): BridgeReading => ({
  vlan: (v) => `[vlan ${vlans[v] ?? `${v}?`}]`,
  port: (p) => (p.startsWith('vxlan-') ? `vxlan→${p.slice(6)}` : p),
});

test('a flow reads by meaning: local VLANs by network, tunnel ports by remote, a run of outputs in any order', () => {
  const flood: Flow = { table: 22, priority: 1, match: { vlan: 3 }, actions: [{ type: 'strip_vlan' }, { type: 'set_tunnel', tunId: 0x65 }, { type: 'output', port: 'vxlan-b' }, { type: 'output', port: 'vxlan-a' }] };
  expect(flowText('br-tun', flood, reading({ 3: 'net1' }))).toBe('table=22 priority=1,dl_vlan=[vlan net1] actions=strip_vlan,set_field:0x65->tun_id,output:vxlan→a,output:vxlan→b');
  // A provider segment arriving on br-int from its bridge is the wire's VLAN, not a local one.
  const fromProvider: Flow = { table: 0, priority: 3, match: { inPort: 'int-br-ex', vlan: 101 }, actions: [{ type: 'mod_vlan_vid', vlan: 3 }, { type: 'normal' }] };
  expect(flowText('br-int', fromProvider, reading({ 3: 'net1' }))).toBe('table=0 priority=3,in_port=int-br-ex,dl_vlan=101 actions=mod_vlan_vid:[vlan net1],NORMAL');
  // On the provider bridge it is the other way round.
  const toProvider: Flow = { table: 0, priority: 4, match: { inPort: 'phy-br-ex', vlan: 3 }, actions: [{ type: 'mod_vlan_vid', vlan: 101 }, { type: 'normal' }] };
  expect(flowText('br-ex', toProvider, reading({ 3: 'net1' }))).toBe('table=0 priority=4,in_port=phy-br-ex,dl_vlan=[vlan net1] actions=mod_vlan_vid:101,NORMAL');
});

test('the same flows renumbered and reordered are equal; a learned flow is not compared; a changed one is missing and extra', () => {
  const br = (flows: Flow[]) => ({ kind: 'ovs' as const, name: 'br-tun', ports: [], flows });
  const f = (vlan: number, tunId: number): Flow => ({ table: 4, priority: 1, match: { tunId }, actions: [{ type: 'mod_vlan_vid', vlan }, { type: 'resubmit', table: 10 }] });
  const learned: Flow = { table: 20, priority: 1, hardTimeout: 300, match: { vlan: 1, dlDst: 'fa:16:3e:00:00:01' }, actions: [{ type: 'output', port: 'vxlan-a' }] };
  const sink = new DriftSink();
  compareFlows(sink, 'n1', br([f(1, 0x65), f(2, 0x66)]), br([learned, f(7, 0x66), f(9, 0x65)]), reading({ 1: 'net1', 2: 'net2' }), reading({ 9: 'net1', 7: 'net2' }));
  expect(sink.items).toEqual([]);
  compareFlows(sink, 'n1', br([f(1, 0x65)]), br([f(9, 0x67)]), reading({ 1: 'net1' }), reading({ 9: 'net1' }));
  expect(sink.items.map((i) => [i.status, i.item])).toEqual([
    ['missing', 'table=4 priority=1,tun_id=0x65 actions=mod_vlan_vid:[vlan net1],resubmit(,10)'],
    ['extra', 'table=4 priority=1,tun_id=0x67 actions=mod_vlan_vid:[vlan net1],resubmit(,10)'],
  ]);
});
