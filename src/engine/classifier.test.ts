import { describe, expect, it } from '@jest/globals';
import type { Flow, FlowMatch } from '../dataplane/types';
import { parseIp } from '../net/ipv4';
import { FlowClassifier } from './classifier';
import { arpRequest, ipPacket, type Packet } from './packet';

const flow = (priority: number, match: FlowMatch, note: string): Flow => ({ table: 0, priority, match, actions: [], note });
const ip = (fields: Partial<Packet> = {}): Packet => ipPacket({ src: parseIp('192.168.1.11'), dst: parseIp('192.168.1.12'), proto: 'icmp', ...fields });
const hit = (c: FlowClassifier, p: Packet, inPort = 'p1') => c.lookup(p, inPort)?.note;

describe('FlowClassifier: priority order', () => {
  it('returns the highest-priority matching flow whatever the install order', () => {
    const c = new FlowClassifier([
      flow(0, {}, 'catch-all'),
      flow(10, { inPort: 'p1' }, 'in_port'),
      flow(20, { inPort: 'p1', vlan: 1 }, 'in_port+vlan'),
      flow(5, { vlan: 1 }, 'vlan'),
    ]);
    expect(hit(c, ip({ vlan: 1 }))).toBe('in_port+vlan');
    expect(hit(c, ip({ vlan: 2 }))).toBe('in_port');
    expect(hit(c, ip({ vlan: 1 }), 'p2')).toBe('vlan');
    expect(hit(c, ip({ vlan: 2 }), 'p2')).toBe('catch-all');
  });

  it('keeps probing lower-priority groups when the higher group has no entry for the packet', () => {
    const c = new FlowClassifier([flow(100, { dlDst: 'fa:16:3e:00:00:01' }, 'mac'), flow(1, { inPort: 'p1' }, 'port')]);
    expect(hit(c, ip({ ethDst: 'fa:16:3e:00:00:02' }))).toBe('port');
    expect(hit(c, ip({ ethDst: 'fa:16:3e:00:00:01' }))).toBe('mac');
  });

  it('a higher-priority flow added later replaces an identical lower-priority match', () => {
    const c = new FlowClassifier([flow(1, { vlan: 3 }, 'low')]);
    c.add(flow(7, { vlan: 3 }, 'high'));
    expect(hit(c, ip({ vlan: 3 }))).toBe('high');
  });

  it('returns undefined when nothing matches (an empty table, or no flow for the packet)', () => {
    expect(new FlowClassifier().lookup(ip(), 'p1')).toBeUndefined();
    expect(hit(new FlowClassifier([flow(1, { inPort: 'p9' }, 'x')]), ip())).toBeUndefined();
  });
});

describe('FlowClassifier: equal priority keeps the first flow installed', () => {
  it('for two flows with the same match', () => {
    const c = new FlowClassifier([flow(5, { vlan: 1 }, 'first'), flow(5, { vlan: 1 }, 'second')]);
    expect(hit(c, ip({ vlan: 1 }))).toBe('first');
  });

  it('for overlapping flows on different fields whose groups have the same top priority', () => {
    const c = new FlowClassifier([flow(5, { inPort: 'p1' }, 'first'), flow(5, { vlan: 1 }, 'second')]);
    expect(hit(c, ip({ vlan: 1 }))).toBe('first');
  });

  // Regression (was a bug in src/engine/classifier.ts, FlowClassifier.lookup): groups are probed by their *highest*
  // priority and the probe stops at the first group whose top priority is <= the best match so far.
  // When the later-installed overlapping flow sits in a group that also holds a higher-priority
  // flow, that group is probed first and its equal-priority flow wins, contradicting the class's
  // documented rule "Equal priorities keep the first flow installed". (OpenFlow itself leaves this
  // case undefined, so it is the documented contract that is broken.)
  it('for overlapping flows when the later flow\'s group also holds a higher-priority flow', () => {
    const c = new FlowClassifier([
      flow(5, { inPort: 'p1' }, 'first'),
      flow(5, { vlan: 1 }, 'second'),
      flow(10, { vlan: 2 }, 'raises the vlan group'),
    ]);
    expect(hit(c, ip({ vlan: 1 }))).toBe('first');
  });
});

describe('FlowClassifier: tuple groups', () => {
  it('a group is a hash on its fields: each value finds its own flow among many', () => {
    const c = new FlowClassifier(Array.from({ length: 200 }, (_, i) => flow(2, { vlan: i + 1, dlDst: `fa:16:3e:00:00:${(i % 256).toString(16).padStart(2, '0')}` }, `f${i + 1}`)));
    expect(hit(c, ip({ vlan: 58, ethDst: 'fa:16:3e:00:00:39' }))).toBe('f58');
    expect(hit(c, ip({ vlan: 58, ethDst: 'fa:16:3e:00:00:3a' }))).toBeUndefined();
  });

  it('a flow matches only when every one of its fields matches', () => {
    const c = new FlowClassifier([flow(3, { inPort: 'int-br-ex', vlan: 0 }, 'untagged from br-ex')]);
    expect(hit(c, ip({ vlan: 0 }), 'int-br-ex')).toBe('untagged from br-ex');
    expect(hit(c, ip({ vlan: 5 }), 'int-br-ex')).toBeUndefined();
    expect(hit(c, ip({ vlan: 0 }), 'patch-tun')).toBeUndefined();
  });

  it('matches tun_id, nw_dst and tp_dst by value (addresses compared as numbers)', () => {
    const c = new FlowClassifier([
      flow(1, { tunId: 101 }, 'vni 101'),
      flow(4, { nwDst: '192.168.1.12', nwProto: 'tcp', tpDst: 80 }, 'web'),
    ]);
    expect(hit(c, ip({ tunId: 101 }))).toBe('vni 101');
    expect(hit(c, ip({ tunId: 102 }))).toBeUndefined();
    expect(hit(c, ip({ proto: 'tcp', dport: 80 }))).toBe('web');
    expect(hit(c, ip({ proto: 'tcp', dport: 81 }))).toBeUndefined();
  });
});

describe('FlowClassifier: dlDstKind', () => {
  const c = new FlowClassifier([flow(0, { dlDstKind: 'unicast' }, 'unicast'), flow(0, { dlDstKind: 'multicast' }, 'multicast')]);

  it.each([
    ['ff:ff:ff:ff:ff:ff', 'multicast'],
    ['01:00:5e:00:00:01', 'multicast'],
    ['33:33:00:00:00:01', 'multicast'],
    ['fa:16:3e:57:42:ee', 'unicast'],
    ['00:00:00:00:00:01', 'unicast'],
  ])('%s is %s (the group bit of the first octet)', (mac, kind) => {
    expect(hit(c, ip({ ethDst: mac }))).toBe(kind);
  });
});

describe('FlowClassifier: a field the packet does not have never matches', () => {
  it('L3/L4 fields never match an ARP frame, and ARP fields never match an IP packet', () => {
    const c = new FlowClassifier([
      flow(9, { nwProto: 'icmp' }, 'nw_proto'),
      flow(8, { nwDst: '192.168.1.12' }, 'nw_dst'),
      flow(7, { tpDst: 0 }, 'tp_dst'),
      flow(6, { arpTpa: '192.168.1.12' }, 'arp_tpa'),
      flow(0, {}, 'fallback'),
    ]);
    const arp = arpRequest('fa:16:3e:57:42:ee', parseIp('192.168.1.11'), parseIp('192.168.1.12'));
    // the ARP frame's ip fields default to proto=icmp, dst=0, dport=0: they must not be read.
    expect(hit(c, arp)).toBe('arp_tpa');
    expect(hit(new FlowClassifier([flow(9, { nwProto: 'icmp' }, 'nw_proto'), flow(0, {}, 'fallback')]), arp)).toBe('fallback');
    expect(hit(new FlowClassifier([flow(7, { tpDst: 0 }, 'tp_dst'), flow(0, {}, 'fallback')]), arp)).toBe('fallback');
    expect(hit(new FlowClassifier([flow(6, { arpTpa: '0.0.0.0' }, 'arp_tpa'), flow(0, {}, 'fallback')]), ip())).toBe('fallback');
    expect(hit(c, ip())).toBe('nw_proto');
  });
});
