import { describe, expect, it } from '@jest/globals';
import { cloudBuilder } from '../model/builder';
import { referenceCloud, referenceCloudSpec } from '../model/reference';
import type { Cloud } from '../model/types';
import { detachInterface, ForkError, migrate, removeRule, setAdminState, stopAgent } from './edits';

const fresh = (): Cloud => referenceCloud();
const error = (fn: () => void): string => {
  try { fn(); } catch (e) { expect(e).toBeInstanceOf(ForkError); return (e as Error).message; }
  throw new Error('expected a ForkError');
};

describe('detachInterface', () => {
  it('removes the router interface port on the subnet, named by subnet or by network', () => {
    for (const name of ['selfservice2-v4', 'selfservice2']) {
      const c = fresh();
      const before = c.ports.length;
      detachInterface(c, 'router1', name);
      expect(c.routers[0].interfaces).toHaveLength(1);
      expect(c.ports).toHaveLength(before - 1);
      const gw = c.subnets.find((s) => s.name === 'selfservice2-v4')!.gateway_ip;
      expect(c.ports.some((p) => p.fixed_ips.some((f) => f.ip_address === gw))).toBe(false);
    }
  });

  it('names the edit, the object and the nearest name on a typo', () => {
    expect(error(() => detachInterface(fresh(), 'routr1', 'selfservice2'))).toBe(
      'detachInterface("routr1", "selfservice2"): no router "routr1" (did you mean "router1"?) (routers: router1)');
    expect(error(() => detachInterface(fresh(), 'router1', 'provider1'))).toContain('router1 has no interface on provider1 (its interfaces: selfservice1-v4, selfservice2-v4)');
  });

  it('refuses, as Neutron does, while a floating IP or an extra route needs the interface', () => {
    const withFip = cloudBuilder.from(referenceCloudSpec)
      .floatingIp({ floating_ip_address: '203.0.113.20', floating_network_id: 'provider1', instance: 'vm3' }).build();
    expect(error(() => detachInterface(withFip, 'router1', 'selfservice2'))).toContain('needs this interface [RouterInterfaceInUseByFloatingIP]');
    const c = fresh();
    c.routers[0].routes = [{ destination: '10.9.0.0/16', nexthop: '192.168.2.50' }];
    expect(error(() => detachInterface(c, 'router1', 'selfservice2'))).toContain('[RouterInterfaceInUseByRoute]');
  });
});

describe('stopAgent', () => {
  it('takes the agent off its host', () => {
    const c = fresh();
    stopAgent(c, 'dhcp', 'network1');
    expect(c.hosts.find((h) => h.name === 'network1')!.agents).not.toContain('dhcp');
  });

  it('refuses an agent the host does not run, and agents whose state outlives them', () => {
    expect(error(() => stopAgent(fresh(), 'l3', 'compute1'))).toMatch(/^stopAgent\("l3", "compute1"\): compute1 does not run l3 \(it runs /);
    expect(error(() => stopAgent(fresh(), 'ovs' as never, 'compute1'))).toContain('agent must be one of dhcp, l3, metadata, nova-metadata');
    expect(error(() => stopAgent(fresh(), 'dhcp', 'netwrk1'))).toContain('(did you mean "network1"?)');
  });
});

describe('migrate', () => {
  it('moves the instance and binds its ports to the new host', () => {
    const c = fresh();
    migrate(c, 'vm1', 'compute2');
    const vm1 = c.instances.find((i) => i.name === 'vm1')!;
    expect(vm1.host).toBe('compute2');
    expect(c.ports.filter((p) => vm1.ports.includes(p.id)).map((p) => p['binding:host_id'])).toEqual(['compute2']);
  });

  it('refuses the same host and a host that runs no instance', () => {
    expect(error(() => migrate(fresh(), 'vm1', 'compute1'))).toContain('vm1 is already on compute1');
    expect(error(() => migrate(fresh(), 'vm1', 'controller'))).toContain('controller does not run nova-compute');
    expect(error(() => migrate(fresh(), 'vm9', 'compute2'))).toContain('no instance "vm9"');
  });
});

describe('setAdminState', () => {
  it('sets a network, a router, a port by name, or an instance’s first port', () => {
    const c = fresh();
    setAdminState(c, 'router', 'router1', false);
    setAdminState(c, 'network', 'selfservice1', false);
    setAdminState(c, 'port', 'vm2', false);
    expect(c.routers[0].admin_state_up).toBe(false);
    expect(c.networks.find((n) => n.name === 'selfservice1')!.admin_state_up).toBe(false);
    const vm2 = c.instances.find((i) => i.name === 'vm2')!;
    expect(c.ports.find((p) => p.id === vm2.ports[0])!.admin_state_up).toBe(false);
  });

  it('refuses what changes nothing and what is no target', () => {
    expect(error(() => setAdminState(fresh(), 'router', 'router1', true))).toContain('router1 is already up');
    expect(error(() => setAdminState(fresh(), 'host' as never, 'compute1', false))).toContain('the target must be network, router or port');
  });
});

describe('removeRule', () => {
  it('removes by index, or every rule matching the given fields', () => {
    const c = fresh();
    const group = () => c.security_groups.find((g) => g.name === 'default')!;
    const n = group().rules.length;
    removeRule(c, 'default', { direction: 'ingress', remote_group: 'default' });
    expect(group().rules).toHaveLength(n - 1);
    expect(group().rules.every((r) => r.direction === 'egress')).toBe(true);
    removeRule(c, 'default', 0);
    expect(group().rules).toHaveLength(n - 2);
  });

  it('refuses a selector that matches nothing, listing the group’s rules', () => {
    expect(error(() => removeRule(fresh(), 'default', { direction: 'ingress', protocol: 'icmp' })))
      .toContain('no rule of default matches (its rules: egress any any; ingress any group default)');
    expect(error(() => removeRule(fresh(), 'default', 7))).toContain('default has 2 rules (indexes 0-1)');
  });
});
