import { describe, expect, it } from '@jest/globals';
import type { Dataplane, Listener } from '../dataplane/types';
import { normalizeCloud } from '../model/normalize';
import { referenceCloud, referenceCloudSpec } from '../model/reference';
import { realize } from '../realize';
import { simulate } from '../simulation';
import { dhcpGuestsGetTheirSubnetSettings } from './dhcpGuestsGetTheirSubnetSettings';

/** Every dnsmasq of the plane, edited in place (as a hand-broken DHCP agent would serve). */
function editDnsmasq(dp: Dataplane, edit: (b: Extract<Listener['behaviour'], { kind: 'dhcp-server' }>) => void): Dataplane {
  const copy = structuredClone(dp);
  for (const h of copy.hosts) for (const d of h.devices) {
    if (d.kind !== 'namespace') continue;
    for (const l of d.listeners) if (l.behaviour.kind === 'dhcp-server') edit(l.behaviour);
  }
  return copy;
}

const check = (dp: Dataplane) => dhcpGuestsGetTheirSubnetSettings.check(simulate(referenceCloud(), dp), { maxViolations: Infinity });

/**
 * What a guest holds after booting is what its subnet defines, or this invariant says what is
 * off: each broken dnsmasq below is caught, naming the guest and the setting.
 */
describe('dhcpGuestsGetTheirSubnetSettings', () => {
  const dp = realize(referenceCloud());

  it('holds on the reference cloud, for every DHCP guest NIC', () => {
    const r = check(dp);
    expect(r.violations).toEqual([]);
    expect(r.flows).toBe(4);
  });

  it('catches a wrong default gateway in the classless routes (option 121, which wins over option 3)', () => {
    const r = check(editDnsmasq(dp, (b) => {
      for (const o of b.options) if (o.name === 'classless-static-route') o.value = o.value.replace('0.0.0.0/0,192.168.1.1', '0.0.0.0/0,192.168.1.254');
    }));
    expect(r.violations.map((v) => v.reason)).toEqual(['default route via 192.168.1.254, not via the gateway 192.168.1.1', 'default route via 192.168.1.254, not via the gateway 192.168.1.1']);
  });

  it('a wrong router option alone changes nothing while option 121 carries the default route, as with dhclient', () => {
    expect(check(editDnsmasq(dp, (b) => { for (const o of b.options) if (o.name === 'router' && o.value) o.value = '192.168.1.254'; })).violations).toEqual([]);
  });

  it('catches a wrong address handed out', () => {
    // The OFFER goes to the address it hands out, and vm1's security group only lets DHCP
    // answers in to its own address (or broadcast): the guest never gets a lease.
    const r = check(editDnsmasq(dp, (b) => { for (const h of b.hosts) if (h.ip === '192.168.1.11') h.ip = '192.168.1.77'; }));
    expect(r.violations).toEqual([expect.objectContaining({ flow: 'vm1 eth0 (selfservice1-v4)', reason: expect.stringMatching(/^got no lease: no DHCPOFFER: reply dropped at qbr.*security group/) })]);
  });

  it('catches a wrong host route and a wrong MTU', () => {
    const withRoute = normalizeCloud({
      ...referenceCloudSpec,
      subnets: referenceCloudSpec.subnets!.map((s) => (s.name === 'selfservice1-v4' ? { ...s, host_routes: [{ destination: '10.99.0.0/16', nexthop: '192.168.1.5' }] } : s)),
    }, 'with a host route');
    const plane = realize(withRoute);
    const wrong = editDnsmasq(plane, (b) => {
      for (const o of b.options) {
        if (o.name === 'classless-static-route') o.value = o.value.replace('10.99.0.0/16,192.168.1.5', '10.99.0.0/16,192.168.1.6');
        if (o.name === 'mtu') o.value = '1500';
      }
    });
    const reasons = dhcpGuestsGetTheirSubnetSettings.check(simulate(withRoute, wrong), { maxViolations: Infinity }).violations.map((v) => v.reason).join('\n');
    expect(reasons).toContain('no host route 10.99.0.0/16 via 192.168.1.5');
    expect(reasons).toMatch(/MTU 1500, not the network's 14\d\d/);
    expect(dhcpGuestsGetTheirSubnetSettings.check(simulate(withRoute, plane)).violations).toEqual([]);
  });

  it('reports a guest whose DHCP failed', () => {
    const cloud = referenceCloud();
    const vm3 = cloud.ports.find((p) => p.id === cloud.instances.find((i) => i.name === 'vm3')!.ports[0])!;
    const r = check(editDnsmasq(dp, (b) => { b.hosts = b.hosts.filter((h) => h.mac !== vm3.mac_address); }));
    expect(r.violations).toEqual([expect.objectContaining({ flow: expect.stringMatching(/^vm3 eth0/), reason: expect.stringMatching(/^got no lease: /) })]);
  });
});
