import { describe, expect, it } from '@jest/globals';
import { validateSpec } from './validate';
import { normalizeCloud } from './normalize';
import { referenceCloudSpec } from './reference';

/* eslint-disable @typescript-eslint/no-explicit-any -- broken inputs are deliberately untyped */
const FILE = 'topologies/dvr.yaml';
/** The reference cloud with router1 distributed: network1 in dvr_snat mode, the compute nodes in dvr mode. */
const dvr = (mutate: (s: any) => void = () => undefined): any => {
  const s = structuredClone(referenceCloudSpec) as any;
  s.routers[0].distributed = true;
  s.hosts[1].agent_mode = 'dvr_snat';
  s.hosts[2].agent_mode = 'dvr';
  s.hosts[3].agent_mode = 'dvr';
  mutate(s);
  return s;
};
const fip = { floating_ip_address: '203.0.113.10', floating_network_id: 'provider1', instance: 'vm1' };

/** [rule, path, mutation of the DVR reference spec, text the message must contain] */
const cases: [string, string, (s: any) => void, string][] = [
  ['host-agent', 'hosts[0].agent_mode', (s) => { s.hosts[0].agent_mode = 'dvr'; }, 'host controller sets agent_mode, an L3 agent option, but runs no l3 agent'],
  ['dvr-agent-mode', 'routers[0].external_gateway_info', (s) => { s.hosts[1].agent_mode = 'dvr'; }, 'its SNAT needs an L3 agent in dvr_snat mode; no host sets agent_mode: dvr_snat'],
  ['dvr-agent-mode', 'routers[0].host', (s) => { s.routers[0].host = 'compute1'; }, 'its SNAT runs on an L3 agent in dvr_snat mode, and host compute1 is in dvr mode'],
  ['dvr-agent-mode', 'instances[0].host', (s) => { delete s.hosts[2].agent_mode; s.instances[2].host = 'compute2'; }, 'instance vm1 on compute1 is on subnet selfservice1-v4 of distributed router router1, which routes on the instance\'s own host: compute1 needs an L3 agent in dvr mode'],
  ['dvr-agent-mode', 'routers[0].host', (s) => { s.routers[0].distributed = false; s.routers[0].host = 'compute1'; delete s.hosts[3].agent_mode; }, 'host compute1 runs its L3 agent in dvr mode, which hosts distributed routers only'],
  ['dvr-unsupported', 'routers[0].distributed', (s) => {
    s.hosts.push({ name: 'network2', role: 'network', agent_mode: 'dvr_snat', management: { ip: '10.0.0.22/24' }, overlay: { ip: '10.0.1.22/24' }, external: {} });
    s.routers[0].ha = true;
  }, 'both distributed and HA'],
  ['dvr-unsupported', 'routers[0].distributed', (s) => { s.options.firewall_driver = 'openvswitch'; }, 'netspec models DVR under iptables_hybrid'],
  ['dvr-fip-bridge', 'floatingips[0]', (s) => { s.floatingips = [fip]; }, 'compute1 needs an external interface bridged to physical network provider'],
];

describe('validateSpec: distributed routers', () => {
  it('accepts the reference cloud with router1 distributed, and with options.router_distributed', () => {
    expect(validateSpec(dvr(), FILE)).toEqual([]);
    expect(validateSpec(dvr((s) => { delete s.routers[0].distributed; s.options.router_distributed = true; }), FILE)).toEqual([]);
    expect(validateSpec(dvr((s) => { s.floatingips = [fip]; s.hosts[2].external = {}; }), FILE)).toEqual([]);
  });

  it.each(cases)('reports %s at %s', (rule, path, mutate, text) => {
    const issues = validateSpec(dvr(mutate), FILE);
    expect(issues.map(({ rule: r, path: p }) => ({ rule: r, path: p }))).toEqual([{ rule, path }]);
    expect(issues[0].message).toContain(text);
  });

  it('counts the SNAT and floating IP gateway ports among a subnet’s addresses', () => {
    const issues = validateSpec(dvr((s) => {
      s.subnets[0].allocation_pools = [{ start: '192.168.1.2', end: '192.168.1.5' }];
      s.instances[0].ports[0].fixed_ips = [{ subnet: 'selfservice1-v4', ip_address: '192.168.1.3' }];
      s.instances[1].ports[0].fixed_ips = [{ subnet: 'selfservice1-v4', ip_address: '192.168.1.4' }];
    }), FILE);
    // .2 DHCP, .5 the SNAT port; one more demand would not fit.
    expect(issues).toEqual([]);
    const full = validateSpec(dvr((s) => {
      s.subnets[0].allocation_pools = [{ start: '192.168.1.2', end: '192.168.1.4' }];
      s.instances[0].ports[0].fixed_ips = [{ subnet: 'selfservice1-v4', ip_address: '192.168.1.3' }];
      s.instances[1].ports[0].fixed_ips = [{ subnet: 'selfservice1-v4', ip_address: '192.168.1.4' }];
    }), FILE);
    expect(full.map((i) => [i.rule, i.path])).toEqual([['pool-exhausted', 'routers[0].interfaces[0]']]);
    expect(full[0].message).toContain('the centralized SNAT port of router router1');
  });
});

describe('normalizeCloud: distributed routers', () => {
  const c = normalizeCloud(dvr((s) => { s.floatingips = [fip]; s.hosts[2].external = {}; }), FILE);
  it('schedules the SNAT to the dvr_snat host and makes the DVR ports', () => {
    const r = c.routers[0];
    expect([r.distributed, r.host]).toEqual([true, 'network1']);
    const owners = (o: string) => c.ports.filter((p) => p.device_owner === o).map((p) => [p['binding:host_id'], p.fixed_ips[0].ip_address]);
    expect(owners('network:router_interface_distributed').map(([, ip]) => ip)).toEqual(['192.168.1.1', '192.168.2.1']);
    expect(owners('network:router_centralized_snat')).toEqual([['network1', '192.168.1.3'], ['network1', '192.168.2.3']]);
    expect(owners('network:floatingip_agent_gateway')).toEqual([['compute1', '203.0.113.103']]);
  });
  it('gives a compute host with agent_mode the l3 and metadata agents, and each DVR host a DVR MAC', () => {
    expect(c.hosts.map((h) => [h.name, h.agents.includes('l3'), h.agents.includes('metadata'), h.agent_mode ?? null, /^fa:16:3f:/.test(h.dvr_mac ?? '')])).toEqual([
      ['controller', false, false, null, false], ['network1', true, true, 'dvr_snat', true], ['compute1', true, true, 'dvr', true], ['compute2', true, true, 'dvr', true],
    ]);
  });
});
