import { describe, expect, it } from '@jest/globals';
import { runCheck } from '../check/run';
import { builtinInvariants } from '../invariants';
import { simulate } from '../simulation';
import { API_DUMP, dumpWith, importProblems, type Json } from './__fixtures__/dumps';
import { importOpenStack } from './openstack';

/**
 * The reference dump with router1 distributed, as a DVR cloud reports it: network1's L3 agent in
 * dvr_snat mode, an L3 and a metadata agent in dvr mode on each compute node, the OVS agents in
 * distributed mode, the router's interfaces `network:router_interface_distributed` (bound to no
 * host) and one centralized SNAT port per interface on network1.
 */
function dvrDump(edit: (f: Record<string, Json>) => void = () => {}): string {
  return dumpWith(API_DUMP, (f) => {
    const agents = f['agents.json'].agents as Json[];
    for (const a of agents) if (a.agent_type === 'Open vSwitch agent') a.configurations.in_distributed_mode = true;
    const l3 = agents.find((a) => a.host === 'network1' && a.agent_type === 'L3 agent');
    l3.configurations.agent_mode = 'dvr_snat';
    const md = agents.find((a) => a.host === 'network1' && a.agent_type === 'Metadata agent');
    ['compute1', 'compute2'].forEach((host, i) => {
      for (const [template, n] of [[l3, 1], [md, 2]] as const) {
        const copy = structuredClone(template);
        copy.id = `d0d0d0d0-0000-4000-8000-00000000${n}${i}00`;
        copy.host = host;
        if (copy.configurations.agent_mode) copy.configurations.agent_mode = 'dvr';
        agents.push(copy);
      }
    });
    f['routers.json'].routers[0].distributed = true;
    const ports = f['ports.json'].ports as Json[];
    const interfaces = ports.filter((p) => p.device_owner === 'network:router_interface');
    interfaces.forEach((p, i) => {
      p.device_owner = 'network:router_interface_distributed';
      p['binding:host_id'] = '';
      ports.push({
        ...structuredClone(p), id: `d0d0d0d0-0000-4000-8000-0000000005${i}0`, mac_address: `fa:16:3e:00:dd:0${i}`, name: '',
        device_owner: 'network:router_centralized_snat', 'binding:host_id': 'network1',
        fixed_ips: [{ subnet_id: p.fixed_ips[0].subnet_id, ip_address: p.fixed_ips[0].ip_address.replace(/\.1$/, '.250') }],
      });
    });
    edit(f);
  });
}

describe('importing a distributed router', () => {
  const r = importOpenStack(dvrDump());

  it('reads distributed from routers.json and each host’s agent_mode from its L3 agent', () => {
    expect(r.spec.routers![0]).toMatchObject({ distributed: true, host: 'network1' });
    expect(r.spec.hosts.map((h) => [h.name, h.agent_mode ?? null])).toEqual([['controller', null], ['network1', 'dvr_snat'], ['compute1', 'dvr'], ['compute2', 'dvr']]);
    expect(r.cloud.routers[0].interfaces.map((id) => r.cloud.ports.find((p) => p.id === id)!.device_owner)).toEqual(['network:router_interface_distributed', 'network:router_interface_distributed']);
    // The SNAT ports are re-derived, one per interface on the SNAT host.
    expect(r.cloud.ports.filter((p) => p.device_owner === 'network:router_centralized_snat').map((p) => p['binding:host_id'])).toEqual(['network1', 'network1']);
  });

  it('the imported cloud passes every built-in invariant, dvrEastWestStaysOffNetworkNode applicable', () => {
    const report = runCheck(simulate(r.cloud), builtinInvariants);
    expect(report.results.filter((x) => !x.holds && x.applicable).map((x) => x.invariant)).toEqual([]);
    expect(report.results.find((x) => x.invariant === 'dvrEastWestStaysOffNetworkNode')!.applicable).toBe(true);
  });

  it('an OVS agent in distributed mode beside a legacy L3 agent is refused', () => {
    const dir = dvrDump((f) => { f['agents.json'].agents.find((a: Json) => a.host === 'network1' && a.agent_type === 'L3 agent').configurations.agent_mode = 'legacy'; });
    expect(importProblems(dir)).toContainEqual(expect.stringContaining('enable_distributed_routing is on but the L3 agent\'s agent_mode is legacy'));
  });

  it('a DVR interface port of no router is reported', () => {
    const dir = dvrDump((f) => { f['ports.json'].ports.find((p: Json) => p.device_owner === 'network:router_interface_distributed').device_id = 'd0d0d0d0-0000-4000-8000-00000000ffff'; });
    expect(importProblems(dir).join('\n')).toContain('of distributed router d0d0d0d0-0000-4000-8000-00000000ffff, which no router in');
  });
});
