import { renderSvg } from '../report/svg';
import { describe, expect, it } from '@jest/globals';
import { traceFlow } from '../flows';
import { referenceCloud } from '../model/reference';
import { realize } from '../realize';
import { TRACE_JSON_VERSION, traceToJson } from './json';
import { leaves, mainPath } from './leaves';
import { VIEWS, renderDetailed, renderMinimal, renderSummary, renderTrace } from './views';

const cloud = referenceCloud();
const BASE = realize(cloud);
const QROUTER = `qrouter-${cloud.routers[0].id}`;
const QBR_VM1 = `qbr${cloud.instances.find((i) => i.name === 'vm1')!.ports[0].slice(0, 11)}`;
const trace = (from: string, to: string) => traceFlow(structuredClone(BASE), from, to);

const routed = trace('vm1', 'vm3');
const dhcp = trace('vm1', 'dhcp');
const metadata = trace('vm1', 'metadata');
const arpFail = trace('vm1', '192.168.1.99');

describe('minimal view', () => {
  const text = renderMinimal(routed);
  const lines = text.split('\n');

  it('starts with the flow and ends with the disposition', () => {
    expect(lines[0]).toBe('vm1 → vm3: icmp 192.168.1.11 → 192.168.2.13');
    expect(lines[lines.length - 1]).toBe('delivered to vm3 (vm3@compute1)');
  });

  it('has one line per hop of the deciding path, naming the qrouter with (router1) and both VNIs', () => {
    // The request's hops, then `reply:` and the echo reply's hops.
    expect(lines.slice(1, -1)).toHaveLength(mainPath(routed.root).length + 1 + mainPath(routed.reply!).length);
    expect(lines[mainPath(routed.root).length + 1]).toBe('reply:');
    const routerLine = lines.find((l) => l.includes(QROUTER))!;
    expect(routerLine).toContain(`${QROUTER} (router1)`);
    expect(routerLine).toMatch(/qr-\S+ → qr-\S+/);
    expect(text).toContain('vxlan 101');
    expect(text).toContain('vxlan 102');
    expect(text.indexOf('vxlan 101')).toBeLessThan(text.indexOf(QROUTER));
    expect(text.indexOf('vxlan 102')).toBeGreaterThan(text.indexOf(QROUTER));
  });

  it('counts a flood\'s other branches instead of drawing them, and draws the reply', () => {
    const t = renderMinimal(dhcp);
    const others = leaves(dhcp.root).length - 1;
    expect(others).toBeGreaterThan(0);
    expect(t).toContain(`(+${others} other flood branch${others === 1 ? '' : 'es'})`);
    expect(t).toContain('\nreply:\n');
    expect(t).toContain('→ dnsmasq udp/67');
    expect(t.split('\n').pop()).toMatch(/^answered by dnsmasq at qdhcp-/);
  });

  it('shows the REDIRECT and the relay of a metadata request, and the unDNAT on the way back', () => {
    const t = renderMinimal(metadata);
    expect(t).toContain('REDIRECT 169.254.169.254:80 → 192.168.1.1:9697');
    expect(t).toContain('→ haproxy tcp/9697');
    expect(t).toContain('relay → tcp 10.0.0.11:8775');
    expect(t).toContain('unDNAT 192.168.1.1:9697 → 169.254.169.254:80');
  });

  it('ends a failed trace with its reason and the rule', () => {
    expect(renderMinimal(arpFail).split('\n').pop()).toBe('dropped at vm1@compute1: ARP for 192.168.1.99 on eth0 got no answer [neighbour 192.168.1.99 dev eth0]');
  });
});

describe('summary view', () => {
  it('groups devices by host, in path order', () => {
    const lines = renderSummary(routed).split('\n');
    expect(lines[1]).toBe(`  compute1: vm1 → ${QBR_VM1} → br-int → br-tun → root`);
    expect(lines).toContain(`  network1: root → br-tun → br-int → ${QROUTER} (router1) → br-int → br-tun → root`);
    // The underlay twice each way: request and echo reply.
    expect(lines.filter((l) => l.startsWith('  fabric: '))).toHaveLength(4);
  });

  it('lists every branch of a flood with its outcome', () => {
    const text = renderSummary(dhcp);
    const n = leaves(dhcp.root).length;
    expect(text).toContain(`  ${n} branches:`);
    expect(text.match(/^ {4}(answered|dropped|delivered)/gm)).toHaveLength(n);
  });
});

describe('detailed view', () => {
  const text = renderDetailed(routed);

  it('names every OVS flow with its table (and the table\'s name)', () => {
    expect(text).toContain('flow br-int table=60 priority=3 actions=NORMAL (TRANSIENT)');
    expect(text).toMatch(/flow br-tun table=20 priority=2,vlan=\d+,dlDst=\S+ actions=strip_vlan,set_tunnel:101,output:vxlan-0a000115 \(UCAST_TO_TUN\) # l2pop unicast/);
  });

  it('shows every conntrack lookup: the request is NEW, its echo reply ESTABLISHED in the reply direction', () => {
    expect(text).toContain(`conntrack ${QROUTER}: NEW (icmp 192.168.1.11 → 192.168.2.13)`);
    expect(text).toContain(`conntrack ${QROUTER}: ESTABLISHED (reply of icmp 192.168.1.11 → 192.168.2.13)`);
  });

  it('names the iptables rules that decided, as -A lines', () => {
    expect(text).toMatch(/filter FORWARD: ACCEPT by -A neutron-openvswi-sg-chain -j ACCEPT/);
    expect(renderDetailed(metadata)).toContain('REDIRECT 169.254.169.254:80 → 192.168.1.1:9697 by -A neutron-l3-agent-PREROUTING -d 169.254.169.254/32 -i qr-+ -p tcp --dport 80 -j REDIRECT --to-ports 9697');
    expect(renderDetailed(metadata)).toContain('mark 0x1 by -A neutron-l3-agent-PREROUTING');
  });

  it('draws every fork of a flood and ends with the result', () => {
    const t = renderDetailed(dhcp);
    expect(t).toContain(`fork 1/${dhcp.root.forks.length}:`);
    expect(t).toContain('dnsmasq DHCPDISCOVER: host entry');
    expect(t.split('\n').pop()).toMatch(/^result: answered by dnsmasq/);
  });
});

describe('json view', () => {
  it('is parseable and has version 1, flow, disposition and root.hops[0].host', () => {
    const j = JSON.parse(renderTrace(routed, 'json'));
    expect(j.version).toBe(1);
    expect(TRACE_JSON_VERSION).toBe(1);
    expect(j.flow).toEqual({ from: 'vm1', to: 'vm3', kind: 'instance', proto: 'icmp', src: '192.168.1.11', dst: '192.168.2.13' });
    expect(j.disposition).toEqual({ kind: 'delivered', at: { host: 'compute1', device: 'vm3' }, to: 'vm3' });
    expect(j.root.hops[0]).toMatchObject({ host: 'compute1', device: 'vm1', kind: 'namespace', role: 'instance' });
    expect(j.reply.hops[0]).toMatchObject({ host: 'compute1', device: 'vm3' });
    expect(Object.keys(j).sort()).toEqual(['disposition', 'flow', 'reply', 'root', 'version']);
  });

  it('carries the reply for answered traces, and the state behind each step as plain data', () => {
    const j = JSON.parse(renderTrace(metadata, 'json'));
    expect(j.reply.hops.length).toBeGreaterThan(0);
    const steps = j.root.hops.flatMap((h: { steps: { t: string }[] }) => h.steps);
    expect(steps).toContainEqual(expect.objectContaining({ t: 'nat', kind: 'REDIRECT', rule: expect.objectContaining({ target: { type: 'REDIRECT', toPort: 9697 } }) }));
    expect(steps).toContainEqual(expect.objectContaining({ t: 'flow', bridge: 'br-tun', flow: expect.objectContaining({ table: 4, match: { tunId: 101 } }) }));
  });

  it('equals traceToJson of the trace (no hidden fields leak in)', () => {
    expect(JSON.parse(renderTrace(dhcp, 'json'))).toEqual(JSON.parse(JSON.stringify(traceToJson(dhcp))));
  });
});

describe('renderTrace', () => {
  it('dispatches every view name', () => {
    expect(VIEWS).toEqual(['minimal', 'summary', 'detailed', 'json', 'svg']);
    expect(renderTrace(routed, 'svg')).toBe(renderSvg(routed));
    expect(renderTrace(routed, 'minimal')).toBe(renderMinimal(routed));
    expect(renderTrace(routed, 'summary')).toBe(renderSummary(routed));
    expect(renderTrace(routed, 'detailed')).toBe(renderDetailed(routed));
  });
});
