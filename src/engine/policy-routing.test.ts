/**
 * The kernel features distributed routers rely on, each shown to decide a path on the DVR example:
 * policy routing rules with their own tables, permanent neighbour entries and proxy ARP.
 */
import { describe, expect, test } from '@jest/globals';
import type { Dataplane, Namespace } from '../dataplane/types';
import { loadTopology } from '../model/load';
import { simulate } from '../simulation';
import { namespace } from '../testing/dataplane-helpers';
import { mainPath } from '../trace/leaves';
import { ruleText } from './netfilter';

const sim = simulate(loadTopology('examples/dvr-router.yaml'));
const router = sim.cloud.routers[0];
const qrouter = `qrouter-${router.id}`;
const fipNs = `fip-${sim.cloud.networks.find((n) => n.name === 'provider1')!.id}`;
/** A copy of the plane with one namespace changed. */
function changed(host: string, name: string, edit: (ns: Namespace) => void): Dataplane {
  const dp = structuredClone(sim.dataplane);
  edit(namespace(dp, host, name));
  return dp;
}

describe('ip rule', () => {
  test('what the main table cannot route goes by the first matching rule’s table; without the rule there is no route', () => {
    const t = sim.trace('vm2', 'internet');
    const route = mainPath(t.root).find((h) => h.device === qrouter)!.steps.find((s) => s.t === 'route');
    expect(route?.t === 'route' && route.route.table).toBe(0xc0a80101);
    const noRule = sim.withDataplane(changed('compute2', qrouter, (ns) => { ns.rules = ns.rules!.filter((r) => r.table !== 0xc0a80101); }));
    expect(noRule.trace('vm2', 'internet').disposition).toMatchObject({ kind: 'no-route', destination: sim.dataplane.endpoints.internet });
  });

  test('the main table comes first (32766): a connected subnet is never sent to the SNAT table', () => {
    const t = sim.trace('vm2', 'vm4');
    const route = mainPath(t.root).find((h) => h.device === qrouter)!.steps.find((s) => s.t === 'route');
    expect(route?.t === 'route' && route.route).toMatchObject({ destination: '192.168.2.0/24', proto: 'kernel' });
    expect(route?.t === 'route' && route.route.table).toBeUndefined();
  });

  test('a rule matches the source only: an iif rule only what came in by that interface', () => {
    const fip = namespace(sim.dataplane, 'compute1', fipNs);
    expect(fip.rules).toEqual([expect.objectContaining({ iif: expect.stringMatching(/^fpr-/) })]);
    const noIif = sim.withDataplane(changed('compute1', fipNs, (ns) => { ns.rules = ns.rules!.map((r) => ({ ...r, iif: 'eth9' })); }));
    expect(noIif.trace('vm1', 'internet').disposition).toMatchObject({ kind: 'no-route' });
  });
});

describe('permanent neighbours and proxy ARP', () => {
  test('a permanent entry answers without an exchange; without it the qrouter’s who-has leaves with its host’s DVR MAC and the remote br-int drops it (why the L3 agent installs them)', () => {
    const hop = (s: typeof sim) => mainPath(s.trace('vm2', 'vm3').root).find((h) => h.device === qrouter)!;
    expect(hop(sim).steps.find((s) => s.t === 'arp')).toMatchObject({ ip: '192.168.2.13', permanent: true });
    const asking = sim.withDataplane(changed('compute2', qrouter, (ns) => { ns.neighbours = []; }));
    expect(hop(asking).steps.find((s) => s.t === 'arp')).toMatchObject({ ip: '192.168.2.13', mac: null });
    expect(asking.trace('vm2', 'vm3').disposition).toMatchObject({ kind: 'dropped', reason: expect.stringContaining('ARP for 192.168.2.13') });
    // On the same host the exchange needs no tunnel: vm4 answers.
    const local = mainPath(asking.trace('vm2', 'vm4').root).find((h) => h.device === qrouter)!.steps.find((s) => s.t === 'arp');
    expect(local).toMatchObject({ ip: '192.168.2.14', mac: expect.stringMatching(/^fa:16:3e:/) });
  });

  test('fg- answers ARP for the floating IP only through proxy_arp', () => {
    expect(sim.trace('internet', 'vm1', { proto: 'tcp', dport: 22 }).disposition.kind).toBe('delivered');
    const off = sim.withDataplane(changed('compute1', fipNs, (ns) => { for (const i of ns.interfaces) delete i.proxyArp; }));
    expect(off.trace('internet', 'vm1', { proto: 'tcp', dport: 22 }).disposition).toMatchObject({ kind: 'dropped', reason: expect.stringContaining('ARP for 203.0.113.10') });
  });
});

test('iptables-save writes a negated input interface as ! -i', () => {
  const rule = namespace(sim.dataplane, 'compute1', qrouter).netfilter.tables.nat!['neutron-l3-agent-POSTROUTING'][0];
  expect(ruleText('neutron-l3-agent-POSTROUTING', rule)).toMatch(/^-A neutron-l3-agent-POSTROUTING ! -i rfp-\S+ ! -o rfp-\S+ -m conntrack ! --ctstate DNAT -j ACCEPT$/);
});
