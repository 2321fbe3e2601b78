/**
 * Floating IPs on a legacy router (deploy-ovs-selfservice.rst, north-south scenario 2; the NAT
 * rules follow neutron/agent/l3/router_info.py): the FIP sits on router1's qg- as a /32, is
 * DNATed to the fixed IP in neutron-l3-agent-PREROUTING, and the instance's traffic to the outside
 * is SNATed to it in float-snat, ahead of the router's default SNAT.
 */
import {
  cloudBuilder, floatingIpReachesItsInstance, inject, mainPath, referenceCloudSpec, simulate,
  type Dataplane, type Namespace, type Simulation,
} from 'netspec';

const FIP = '203.0.113.10';
/** vm1 with a floating IP and a group that lets ping and SSH in from anywhere; vm2, vm3 without. */
const withFip = (allowIngress: boolean) => {
  const b = cloudBuilder.from(referenceCloudSpec).floatingIp({ floating_ip_address: FIP, floating_network_id: 'provider1', instance: 'vm1' });
  if (!allowIngress) return simulate(b.build());
  const spec = b.securityGroup({
    name: 'public',
    rules: [
      { direction: 'egress' },
      { direction: 'ingress', protocol: 'icmp', remote_ip_prefix: '0.0.0.0/0' },
      { direction: 'ingress', protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '0.0.0.0/0' },
    ],
  }).spec();
  spec.instances!.find((i) => i.name === 'vm1')!.ports[0].security_groups = ['public'];
  return simulate(cloudBuilder.from(spec).build());
};
const open = withFip(true);
const closed = withFip(false);
const router1 = open.cloud.routers[0];
const qrouter1 = `qrouter-${router1.id}`;
const gatewayIp = router1.external_gateway_info!.external_fixed_ips[0].ip_address;

function qrouterOf(s: Simulation): Namespace {
  return s.dataplane.hosts.flatMap((h) => h.devices).find((d): d is Namespace => d.kind === 'namespace' && d.name === qrouter1)!;
}
/** The data plane with the floating IP's /32 gone from qg- (the agent failed to add it). */
function withoutFipAddress(s: Simulation): Dataplane {
  const dp = structuredClone(s.dataplane);
  const ns = dp.hosts.flatMap((h) => h.devices).find((d): d is Namespace => d.kind === 'namespace' && d.name === qrouter1)!;
  for (const i of ns.interfaces) i.addresses = i.addresses.filter((a) => a !== `${FIP}/32`);
  return dp;
}
const qrHop = (t: ReturnType<Simulation['trace']>) => mainPath(t.root).find((h) => h.device === qrouter1)!;

describe('internet → floating IP → instance', () => {
  // @id 95522051-c674-5c9e-83b0-73f6de6e45f1
  it('the FIP is a /32 on router1’s qg-, and its DNAT and float-snat rules are in router1', () => {
    const ns = qrouterOf(open);
    expect(ns.interfaces.find((i) => i.name.startsWith('qg-'))!.addresses).toContain(`${FIP}/32`);
    const nat = ns.netfilter.tables.nat!;
    expect(nat['neutron-l3-agent-PREROUTING']).toContainEqual(expect.objectContaining({ match: { dst: `${FIP}/32` }, target: { type: 'DNAT', toDestination: '192.168.1.11' } }));
    expect(nat['neutron-l3-agent-OUTPUT']).toContainEqual(expect.objectContaining({ match: { dst: `${FIP}/32` }, target: { type: 'DNAT', toDestination: '192.168.1.11' } }));
    expect(nat['neutron-l3-agent-float-snat']).toEqual([expect.objectContaining({ match: { src: '192.168.1.11/32' }, target: { type: 'SNAT', toSource: FIP } })]);
    // float-snat is jumped to before the default SNAT to the gateway address.
    expect(nat['neutron-l3-agent-snat'][0].target).toEqual({ type: 'jump', chain: 'neutron-l3-agent-float-snat' });
  });

  // @id ab0f0b12-3e46-538b-9fe8-c39a4ef20c5e
  it('a ping from the internet to vm1 goes upstream → qg- → DNAT → qr- → vm1, and the answer comes back from the FIP', () => {
    const t = open.trace('internet', 'vm1');
    expect(t.flow.dst).toBe(FIP);
    expect(t).toTraverseInOrder(['internet@fabric', 'upstream@fabric', 'br-ex@network1', 'router1', 'br-tun@network1', 'br-tun@compute1', 'vm1']);
    expect(t).toBeNatted({ kind: 'DNAT', to: '192.168.1.11' });
    expect(t).toBeDeliveredTo('vm1');
    expect(qrHop(t).in).toMatch(/^qg-/);
    expect(qrHop(t).out).toMatch(/^qr-/);
    expect(t.reply!.end).toMatchObject({ kind: 'delivered', at: { device: 'internet' } });
    const back = mainPath(t.reply!).find((h) => h.device === qrouter1)!;
    expect(back.steps).toContainEqual(expect.objectContaining({ t: 'nat', kind: 'unDNAT', before: '192.168.1.11', after: FIP }));
  });

  // @id 18514818-cff8-5d69-9d71-fe6817ad708c
  it('an endpoint can be named by its floating IP, and TCP 22 is let in by the group', () => {
    const t = open.trace('internet', FIP, { proto: 'tcp', dport: 22 });
    expect(t).toBeDeliveredTo('vm1');
    expect(t).toBeNatted({ kind: 'DNAT', to: '192.168.1.11:22' });
  });

  // @id 5e751a06-2f36-5d3a-baab-3dbb63d122b0
  it('the default group drops it at vm1’s firewall: ingress from outside is not allowed', () => {
    const t = closed.trace('internet', 'vm1');
    expect(t).toBeNatted({ kind: 'DNAT', to: '192.168.1.11' });
    expect(t).toBeDropped({ reason: 'security group' });
    expect(t).not.toBeDeliveredTo('vm1');
  });

  // @id fd677eaf-5d82-52e9-a648-03d3cf498ff4
  it('an instance without a floating IP cannot be reached from outside: nothing routes to its fixed IP', () => {
    const t = open.trace('internet', 'vm2');
    expect(t.flow.dst).toBe('192.168.1.12');
    expect(t).not.toBeDeliveredTo('vm2');
    expect(t).toNeverTraverse('router1');
  });
});

describe('a host on the provider network → floating IP', () => {
  // @id fe976c77-4a92-5a66-ac1b-43cbf6426be7
  it('203.0.113.50 on provider1 reaches vm1 through router1, and the answer goes back to it straight over the segment', () => {
    const t = open.trace('203.0.113.50', 'vm1');
    expect(t.flow).toMatchObject({ src: '203.0.113.50', dst: FIP });
    expect(t).toBeNatted({ kind: 'DNAT', to: '192.168.1.11' });
    expect(t).toBeDeliveredTo('vm1');
    expect(t).toNeverTraverse('upstream@fabric');
    expect(t.reply!.end).toMatchObject({ kind: 'delivered', at: { device: 'host-203.0.113.50' } });
    expect(() => open.trace('198.18.5.5', 'vm1')).toThrow('198.18.5.5 is on no provider network of this cloud');
  });
});

describe('an instance with or without a floating IP → internet', () => {
  // @id 413eb804-d20e-5d3a-8b67-976e74e043ab
  it('vm1 (with a FIP) leaves SNATed to its FIP, not to the gateway address', () => {
    const t = open.trace('vm1', 'internet');
    expect(t).toBeDeliveredTo({ device: 'internet', host: 'fabric' });
    expect(t).toBeNatted({ kind: 'SNAT', to: FIP });
    expect(t).not.toBeNatted({ kind: 'SNAT', to: gatewayIp });
  });

  // @id f782821f-fb62-5eeb-bd21-cce65947df3b
  it('vm2 (without) leaves SNATed to router1’s gateway address', () => {
    const t = open.trace('vm2', 'internet');
    expect(t).toBeDeliveredTo({ device: 'internet', host: 'fabric' });
    expect(t).toBeNatted({ kind: 'SNAT', to: gatewayIp });
  });

  // @id 9826b178-fcdb-5423-b554-fd222e007a9b
  it('routed east-west traffic from vm1 is never NATed, FIP or not', () => {
    // Both in the default group here, so vm3 lets vm1 in.
    const t = closed.trace('vm1', 'vm3');
    expect(t).toTraverse('router1');
    expect(t).toBeDeliveredTo('vm3');
    expect(t).not.toBeNatted();
  });
});

describe('hairpin: another instance to the floating IP', () => {
  // @id deacc699-984d-5039-9211-f74dfaffaf53
  it('vm3 → FIP is DNATed to vm1 and SNATed to the gateway address, so the answer comes back through router1', () => {
    const t = open.trace('vm3', FIP);
    expect(t).toBeDeliveredTo('vm1');
    expect(t).toBeNatted({ kind: 'DNAT', to: '192.168.1.11' });
    expect(t).toBeNatted({ kind: 'SNAT', to: gatewayIp });
    expect(t.reply!.end).toMatchObject({ kind: 'delivered', at: { device: 'vm3' } });
  });
});

describe('a broken cloud makes them red', () => {
  // @id 4e86cc70-6e2b-5018-99e4-ceba4b71eec4
  it('without the DNAT rule the ping from outside stops at router1 and the invariant names it', () => {
    const broken = open.withDataplane(inject(open.dataplane, {
      kind: 'rule-missing', host: router1.host, namespace: qrouter1, table: 'nat', chain: 'neutron-l3-agent-PREROUTING', target: 'DNAT',
    }));
    const t = broken.trace('internet', 'vm1');
    expect(t).not.toBeDeliveredTo('vm1');
    expect(t).not.toBeNatted({ kind: 'DNAT', evenIfNeverLeft: true });
    expect(floatingIpReachesItsInstance.check(open)).toMatchObject({ holds: true, applicable: true });
    const result = floatingIpReachesItsInstance.check(broken);
    expect(result.holds).toBe(false);
    expect(result.violations[0].reason).toContain(`did not DNAT ${FIP} to 192.168.1.11`);
  });

  // @id 3e16ad28-9474-53b5-b9a4-84225933acb9
  it('without the FIP on qg- no one answers ARP for it: the ping dies upstream, and vm1 → internet has no answer', () => {
    const broken = open.withDataplane(withoutFipAddress(open));
    const t = broken.trace('internet', 'vm1');
    expect(t).not.toBeDeliveredTo('vm1');
    expect(t).toNeverTraverse('router1');
    expect(floatingIpReachesItsInstance.check(broken).holds).toBe(false);
    expect(broken.trace('vm1', 'internet').disposition).toMatchObject({ direction: 'reply' });
  });

  // @id 20eeb82c-dd12-508d-985a-794eb569b10f
  it('without the security group’s fallback DROP the ping from outside reaches vm1 behind the default group, and the invariant names it', () => {
    const broken = closed.withDataplane(inject(closed.dataplane, {
      kind: 'rule-missing', host: 'compute1', namespace: 'root', table: 'filter', chain: 'neutron-openvswi-sg-fallback', target: 'DROP',
    }));
    expect(closed.trace('internet', 'vm1')).not.toBeDeliveredTo('vm1');
    expect(broken.trace('internet', 'vm1')).toBeDeliveredTo('vm1');
    const result = floatingIpReachesItsInstance.check(broken);
    expect(result.holds).toBe(false);
    expect(result.violations[0].reason).toContain("no ingress rule of vm1's security groups admits a ping from 198.51.100.10, yet it was not dropped by them: delivered to vm1");
  });

  // @id 88802f8f-54a2-55ce-a9b7-c2a333814585
  it('the invariant holds behind the default group (the group, not the FIP, drops the ping) and is not applicable without FIPs', () => {
    expect(floatingIpReachesItsInstance.check(closed)).toMatchObject({ holds: true, applicable: true });
    expect(floatingIpReachesItsInstance.check(simulate(cloudBuilder.from(referenceCloudSpec).build()))).toMatchObject({ applicable: false });
  });
});
