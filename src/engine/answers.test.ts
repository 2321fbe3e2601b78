/**
 * Every answer is walked back from the process that sent it: a flood that reaches two DHCP
 * servers gets two OFFERs, each one its own reply walk.
 */
import { describe, expect, it } from '@jest/globals';
import type { Dataplane, Namespace, OvsBridge } from '../dataplane/types';
import { traceFlow } from '../flows';
import { cloudBuilder } from '../model/builder';
import { referenceCloud, referenceCloudSpec } from '../model/reference';
import { realize } from '../realize';
import { hostPlane, namespace, ovs } from '../testing/dataplane-helpers';
import { leaves } from '../trace/leaves';

const cloud = referenceCloud();
const net1 = cloud.networks.find((n) => n.name === 'selfservice1')!.id;

/** A second dnsmasq for selfservice1 on network1 (as with dhcp_agents_per_network = 2). */
function twoDhcpServers(): Dataplane {
  const dp = realize(cloud);
  const qdhcp = namespace(dp, 'network1', `qdhcp-${net1}`);
  const tap = qdhcp.interfaces[0];
  const copy: Namespace = structuredClone(qdhcp);
  copy.name = `qdhcp-second-${net1}`;
  copy.interfaces[0] = { ...tap, name: 'tapsecond', mac: 'fa:16:3e:00:00:99', addresses: ['192.168.1.3/24'] };
  for (const r of copy.routes) r.dev = 'tapsecond';
  const dnsmasq = copy.listeners.find((l) => l.process === 'dnsmasq')!;
  if (dnsmasq.behaviour.kind === 'dhcp-server') dnsmasq.behaviour.serverIp = '192.168.1.3';
  hostPlane(dp, 'network1').devices.push(copy);
  const brInt: OvsBridge = ovs(dp, 'network1', 'br-int');
  const port = brInt.ports.find((p) => p.name === tap.name)!;
  brInt.ports.push({ ...port, name: 'tapsecond', ofport: Math.max(...brInt.ports.map((p) => p.ofport)) + 1 });
  dp.links.push({ kind: 'internal', a: { host: 'network1', device: 'br-int', port: 'tapsecond' }, b: { host: 'network1', device: copy.name, port: 'tapsecond' } });
  return dp;
}

describe('two DHCP servers answer one DISCOVER', () => {
  const t = traceFlow(twoDhcpServers(), 'vm1', 'dhcp');

  it('walks each OFFER back from the dnsmasq that sent it, and both reach vm1', () => {
    expect(t.disposition).toMatchObject({ kind: 'answered', by: 'dnsmasq' });
    const replies = leaves(t.reply!);
    expect(replies.map((l) => l.path[0].device).sort()).toEqual([`qdhcp-${net1}`, `qdhcp-second-${net1}`].sort());
    for (const l of replies) expect(l.end).toMatchObject({ kind: 'delivered', at: { host: 'compute1', device: 'vm1' } });
  });

  it('never invents an answer to the broadcast itself', () => {
    for (const l of leaves(t.reply!)) expect(l.end.kind).not.toBe('exits');
  });
});

describe('a guest with two NICs', () => {
  const dp = realize(cloudBuilder.from(referenceCloudSpec)
    .instance({ name: 'vm8', host: 'compute1', ports: [
      { network: 'selfservice1', fixed_ips: [{ subnet: 'selfservice1-v4', ip_address: '192.168.1.18' }] },
      { network: 'selfservice2', fixed_ips: [{ subnet: 'selfservice2-v4', ip_address: '192.168.2.18' }] },
    ] })
    .build());

  it('sends to the second network from eth1 with eth1’s address, so anti-spoofing lets it through', () => {
    const t = traceFlow(dp, 'vm8', 'vm4');
    expect(t.flow.src).toBe('192.168.2.18');
    expect(t.root.hops[0]).toMatchObject({ device: 'vm8', out: 'eth1' });
    expect(t.disposition).toMatchObject({ kind: 'delivered', at: { device: 'vm4' } });
  });

  it('still sends from eth0’s address on the first network', () => {
    expect(traceFlow(dp, 'vm8', 'vm2').flow.src).toBe('192.168.1.18');
  });
});

describe('a guest whose NIC is down', () => {
  it('sends no DISCOVER: the broadcast never leaves the NIC', () => {
    const dp = realize(cloud);
    namespace(dp, 'compute1', 'vm1').interfaces[0].up = false;
    const t = traceFlow(dp, 'vm1', 'dhcp');
    expect(t.disposition).toMatchObject({ kind: 'dropped', at: { host: 'compute1', device: 'vm1' }, rule: 'eth0 down' });
    expect(t.root.hops.map((h) => h.device)).toEqual(['vm1']);
    expect(t.reply).toBeUndefined();
  });
});
