import { readFileSync } from 'node:fs';
import type { Flow } from '../dataplane/types';
import { parseFlow, parseFlows } from './ovs-flows';
import { renderFlow } from './render-flows';

const ports = new Map([[1, 'patch-int'], [2, 'vxlan-0a000115'], [5, 'tap1']]);
const flow = (line: string) => parseFlow(line, ports);
const rejected = (line: string) => parseFlows(line, ports).rejected.map((r) => r.reason);

describe('ovs-ofctl dump-flows lines', () => {
  it('reads table, priority, hard_timeout and skips counters and cookies', () => {
    expect(flow(' cookie=0x89d3dcbb49b89e96, duration=1.2s, table=20, n_packets=3, n_bytes=294, hard_timeout=300, idle_age=1, priority=2,dl_vlan=1,dl_dst=FA:16:3E:37:25:A3 actions=strip_vlan,load:0x56e->NXM_NX_TUN_ID[],output:"vxlan-ac1ffd02"'))
      .toEqual({ table: 20, priority: 2, hardTimeout: 300, match: { vlan: 1, dlDst: 'fa:16:3e:37:25:a3' }, actions: [{ type: 'strip_vlan' }, { type: 'set_tunnel', tunId: 0x56e }, { type: 'output', port: 'vxlan-ac1ffd02' }] });
  });

  it('names ports by ofport from the Interface table, or by quoted name', () => {
    expect(flow('priority=1,in_port=1 actions=resubmit(,2)').match.inPort).toBe('patch-int');
    expect(flow('priority=1,in_port="qr-1" actions=output:5').actions).toEqual([{ type: 'output', port: 'tap1' }]);
    expect(rejected('priority=1,in_port=9 actions=drop')).toEqual(['port 9: no interface of the bridge has this ofport']);
  });

  it('maps protocol keywords, masked addresses, the multicast bit and untagged frames', () => {
    expect(flow('table=71, priority=80,udp,nw_src=10.0.0.0/255.255.255.0,nw_dst=10.0.1.5/32,tp_src=68,tp_dst=67 actions=NORMAL').match)
      .toEqual({ ethType: 'ip', nwProto: 'udp', nwSrc: '10.0.0.0/24', nwDst: '10.0.1.5', tpSrc: 68, tpDst: 67 });
    expect(flow('table=2, priority=0,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=resubmit(,22)').match).toEqual({ dlDstKind: 'multicast' });
    expect(flow('priority=3,vlan_tci=0x0000/0x1fff actions=mod_vlan_vid:4,NORMAL').match).toEqual({ vlan: 0 });
    expect(flow('table=20, priority=1,vlan_tci=0x0001/0x0fff,dl_dst=fa:16:3e:00:00:01 actions=drop').match).toEqual({ vlan: 1, dlDst: 'fa:16:3e:00:00:01' });
    expect(flow('priority=1,dl_type=0x0806,arp_tpa=10.0.0.1 actions=NORMAL').match).toEqual({ ethType: 'arp', arpTpa: '10.0.0.1' });
  });

  it('takes the conntrack states the engine tracks and refuses the others', () => {
    expect(flow('table=72, priority=74,ct_state=+est-rel-inv+trk,ip actions=NORMAL').match.ctState).toBe('est');
    expect(flow('table=72, priority=74,ct_state=+new-est+trk,ip actions=NORMAL').match.ctState).toBe('new');
    expect(rejected('table=72, priority=74,ct_state=+est-rel-rpl,ip actions=NORMAL')).toEqual(['ct_state=+est-rel-rpl: -rpl is not a state the engine tracks (it knows established and new)']);
    expect(rejected('table=71, priority=110,ct_state=+trk actions=ct_clear,resubmit(,71)')).toEqual(['ct_state=+trk: neither established nor new']);
  });

  it('reads br-tun\'s learn() template and ARP responder, and ct() with a numeric zone', () => {
    const learn = flow('table=10, priority=1 actions=learn(table=20,hard_timeout=300,priority=1,cookie=0x1,NXM_OF_VLAN_TCI[0..11],NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],load:0->NXM_OF_VLAN_TCI[],load:NXM_NX_TUN_ID[]->NXM_NX_TUN_ID[],output:OXM_OF_IN_PORT[]),output:1');
    expect(learn.actions).toEqual([
      { type: 'learn', spec: { table: 20, priority: 1, hardTimeout: 300, match: [{ field: 'vlan', from: 'vlan' }, { field: 'dlDst', from: 'ethSrc' }],
        actions: [{ type: 'load', field: 'vlan', value: 0 }, { type: 'load', field: 'tunId', from: 'tunId' }, { type: 'output_in_port' }] } },
      { type: 'output', port: 'patch-int' },
    ]);
    expect(flow('table=21, priority=1,arp,dl_vlan=1,arp_tpa=10.94.1.197 actions=load:0x2->NXM_OF_ARP_OP[],move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[],move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[],load:0xfa163e3725a3->NXM_NX_ARP_SHA[],load:0xa5e01c5->NXM_OF_ARP_SPA[],move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],mod_dl_src:fa:16:3e:37:25:a3,IN_PORT').actions)
      .toEqual([{ type: 'arp_reply', mac: 'fa:16:3e:37:25:a3' }, { type: 'in_port' }]);
    expect(flow('table=71, priority=65,ip actions=ct(table=72,zone=3)').actions).toEqual([{ type: 'ct', zone: 3, table: 72 }]);
    expect(rejected('table=71, priority=65,ip actions=ct(table=72,zone=NXM_NX_REG6[0..15])'))
      .toEqual(['ct(table=72,zone=NXM_NX_REG6[0..15]): zone=NXM_NX_REG6[0..15], a zone taken from a register (registers are not modelled)']);
  });

  it('reads the openvswitch firewall\'s conjunctive matches and masked port ranges', () => {
    expect(flow('table=82, priority=70,conj_id=24,ip actions=output:5').match.conjId).toBe(24);
    expect(flow('table=82, priority=70,ip actions=conjunction(24,2/2)').actions).toEqual([{ type: 'conjunction', id: 24, clause: 2, clauses: 2 }]);
    expect(flow('table=82, priority=70,tcp,tp_dst=0x400/0xfc00 actions=drop').match.tpDst).toBe('0x400/0xfc00');
  });

  it('refuses a whole line for one field or action it cannot model, and says which', () => {
    expect(rejected('table=82, priority=70,conj_id=24,ip,reg5=0x3 actions=output:5')).toEqual(['reg5=0x3: registers and metadata are not modelled by the engine']);
    expect(rejected('priority=1,ipv6 actions=drop')).toEqual(['ipv6: an IPv6 flow (the engine walks IPv4 only)']);
    expect(rejected('priority=1 actions=controller:65535')).toEqual(['action controller:65535: not one the engine performs']);
    expect(rejected('NXST_FLOW reply (xid=0x4):\nnot a flow')).toEqual(['no actions= (not a flow)']);
  });

  it('reads back every flow netspec renders, equal to the flow (notes aside)', () => {
    const byName = new Map([...ports].map(([n, p]) => [p, String(n)]));
    const flows: Flow[] = [
      { table: 0, priority: 1, match: { inPort: 'patch-int' }, actions: [{ type: 'resubmit', table: 2 }] },
      { table: 4, priority: 1, match: { tunId: 101 }, actions: [{ type: 'mod_vlan_vid', vlan: 1 }, { type: 'resubmit', table: 10 }] },
      { table: 21, priority: 1, match: { ethType: 'arp', vlan: 1, arpTpa: '192.168.1.11' }, actions: [{ type: 'arp_reply', mac: 'fa:16:3e:00:00:0b' }, { type: 'in_port' }] },
      { table: 72, priority: 70, match: { inPort: 'tap1', ctState: 'new', ethType: 'ip', nwProto: 'tcp', nwDst: '10.0.0.0/8', tpDst: 22 }, actions: [{ type: 'ct', zone: 1, commit: true }, { type: 'output', port: 'tap1' }] },
      { table: 20, priority: 1, hardTimeout: 300, match: { vlan: 0, dlSrc: 'fa:16:3e:00:00:01' }, actions: [{ type: 'set_tunnel', tunId: 7 }, { type: 'output', port: 'vxlan-0a000115' }] },
    ];
    for (const f of flows) expect(flow(renderFlow(f, (p) => byName.get(p)!))).toEqual(f);
  });

  it('parses all of a real Zed br-tun (the openvswitch agent\'s tunnel bridge)', () => {
    const text = readFileSync('examples/captured/zed/rp-node1/ovs/flows/br-tun.txt', 'utf8');
    const parsed = parseFlows(text, new Map());
    expect(parsed.rejected).toEqual([]);
    expect(parsed.flows).toHaveLength(text.trim().split('\n').length);
  });
});
