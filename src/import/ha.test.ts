import { describe, expect, it } from '@jest/globals';
import { runCheck } from '../check/run';
import { builtinInvariants } from '../invariants';
import { simulate } from '../simulation';
import { API_DUMP, dumpWith, importProblems, type Json } from './__fixtures__/dumps';
import { importOpenStack } from './openstack';

const HA_NET = '7d1f3b5e-0000-4000-8000-0000000000aa';
const HA_SUBNET = '7d1f3b5e-0000-4000-8000-0000000000bb';

/** The reference dump with router1 HA on network1 (active: its ports are bound there) and network2. */
function haDump(edit: (f: Record<string, Json>) => void = () => {}): string {
  return dumpWith(API_DUMP, (f) => {
    const agents = f['agents.json'].agents as Json[];
    for (const a of agents.filter((x) => x.host === 'network1' && ['Open vSwitch agent', 'L3 agent'].includes(x.agent_type))) {
      const copy = structuredClone(a);
      copy.id = a.id.replace(/^..../, 'beef');
      copy.host = 'network2';
      if (copy.configurations?.tunneling_ip) copy.configurations.tunneling_ip = '10.0.1.22';
      agents.push(copy);
    }
    const router = f['routers.json'].routers[0];
    router.ha = true;
    const ports = f['ports.json'].ports as Json[];
    for (const p of ports) if (p.device_owner === 'network:router_interface') p.device_owner = 'network:ha_router_replicated_interface';
    f['networks.json'].networks.push({ ...structuredClone(f['networks.json'].networks[0]), id: HA_NET, name: 'HA network tenant 9f3c5a0e7b2d4c1e8a6f0b3d2c1e4a57', subnets: [HA_SUBNET], 'provider:segmentation_id': 7 });
    f['subnets.json'].subnets.push({ ...structuredClone(f['subnets.json'].subnets[0]), id: HA_SUBNET, name: 'HA subnet tenant 9f3c5a0e7b2d4c1e8a6f0b3d2c1e4a57', network_id: HA_NET, cidr: '169.254.192.0/18', gateway_ip: null, enable_dhcp: false, allocation_pools: [{ start: '169.254.192.1', end: '169.254.255.254' }], host_routes: [], dns_nameservers: [] });
    const template = ports.find((p) => p.device_owner === 'network:ha_router_replicated_interface');
    ['network1', 'network2'].forEach((host, i) => ports.push({
      ...structuredClone(template), id: `7d1f3b5e-0000-4000-8000-00000000010${i}`, mac_address: `fa:16:3e:00:aa:0${i}`, network_id: HA_NET,
      device_owner: 'network:router_ha_interface', 'binding:host_id': host, fixed_ips: [{ subnet_id: HA_SUBNET, ip_address: `169.254.192.${i + 1}` }],
    }));
    edit(f);
  });
}

describe('importing an HA router', () => {
  const r = importOpenStack(haDump());

  it('reads ha from routers.json, its L3 agents from its HA ports, and the active one from where its ports are bound', () => {
    const spec = r.spec.routers![0];
    expect(spec).toMatchObject({ ha: true, l3_agents: [{ host: 'network1', ha_state: 'active' }, { host: 'network2', ha_state: 'standby' }] });
    expect(spec.host).toBeUndefined();
    expect(r.cloud.routers[0].interfaces.map((id) => r.cloud.ports.find((p) => p.id === id)!.device_owner)).toEqual(['network:ha_router_replicated_interface', 'network:ha_router_replicated_interface']);
  });

  it('leaves the HA network to netspec, which rebuilds it from the router, and says so', () => {
    expect(r.spec.networks.map((n) => n.id)).not.toContain(HA_NET);
    expect(r.spec.subnets.map((s) => s.id)).not.toContain(HA_SUBNET);
    expect(r.notes.join('\n')).toContain('is an HA network; netspec builds it from the HA routers');
    expect(r.cloud.networks.filter((n) => n.name.startsWith('HA network tenant '))).toHaveLength(1);
  });

  it('the imported cloud passes every built-in invariant, haRouterHasExactlyOneActive applicable', () => {
    const report = runCheck(simulate(r.cloud), builtinInvariants);
    expect(report.results.filter((x) => !x.holds).map((x) => x.invariant)).toEqual([]);
    expect(report.results.find((x) => x.invariant === 'haRouterHasExactlyOneActive')!.applicable).toBe(true);
  });

  it('an HA router interface on a router that is not HA is a contradiction', () => {
    const dir = haDump((f) => { f['routers.json'].routers[0].ha = false; });
    expect(importProblems(dir)).toEqual(expect.arrayContaining([
      expect.stringMatching(/lists it as an interface, but its device_owner is network:ha_router_replicated_interface \[contradiction\]$/),
      expect.stringMatching(/an HA port \(device_owner network:router_ha_interface\) of router \S+ \(router1\), which is not HA \[contradiction\]$/),
    ]));
  });
});
