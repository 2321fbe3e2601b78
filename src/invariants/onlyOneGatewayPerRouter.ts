import type { Namespace } from '../dataplane/types';
import { PREFIX } from '../dataplane/names';
import { mainPath } from '../trace/leaves';
import { defineStateInvariant } from './define';
import { instancesOf } from './flows';
import { routersBySubnet } from '../model/queries';
import { internetExitOf } from './routers';

/**
 * Seed claim: a router has one gateway, so one `qg-` device in one namespace; and traffic to the
 * internet from behind it leaves through that `qg-`.
 */
export const onlyOneGatewayPerRouter = defineStateInvariant(
  'onlyOneGatewayPerRouter',
  "each router has exactly one qg- gateway device (none without a gateway; on an HA router, one holding the gateway address), and its instances' internet traffic leaves through it",
  function* (sim) {
    const routersOf = routersBySubnet(sim.cloud);
    const instances = instancesOf(sim);
    const dhcp = new Set(sim.cloud.subnets.filter((s) => s.enable_dhcp).map((s) => s.id));
    // Namespaces by name once: looked up per router, a walk over every host's devices was router × device.
    const namespaces = new Map<string, { host: string; ns: Namespace }[]>();
    for (const h of sim.dataplane.hosts) {
      for (const d of h.devices) {
        if (d.kind !== 'namespace') continue;
        const list = namespaces.get(d.name);
        if (list) list.push({ host: h.name, ns: d }); else namespaces.set(d.name, [{ host: h.name, ns: d }]);
      }
    }
    for (const router of sim.cloud.routers) {
      // A distributed router's qg- is in its snat namespace.
      const ns = `${router.distributed ? 'snat' : 'qrouter'}-${router.id}`;
      // An HA router plugs its qg- on every agent; the one gateway is the qg- holding the address (the primary's).
      const gwIp = router.external_gateway_info?.external_fixed_ips[0]?.ip_address;
      const counts = (i: { name: string; addresses: string[] }) => i.name.startsWith(PREFIX.routerGateway)
        && (!router.ha || i.addresses.some((a) => a.split('/')[0] === gwIp));
      const gateways = (namespaces.get(ns) ?? []).flatMap(({ host, ns: d }) => d.interfaces.filter(counts).map((i) => `${i.name}@${host}`));
      const expected = router.gw_port_id ? 1 : 0;
      // An instance configured over DHCP (it knows its gateway) behind this router.
      const behind = instances.find((i) => dhcp.has(i.subnet) && routersOf(i.subnet).includes(router));
      yield {
        label: `${router.name} gateway`,
        verdict: () => {
          const t = behind && router.gw_port_id ? sim.trace(behind.instance.name, 'internet') : undefined;
          if (gateways.length !== expected) {
            return { reason: `${router.name} has ${gateways.length} qg- devices${router.ha ? ' holding its gateway address' : ''} (${gateways.join(', ') || 'none'}), expected ${expected}`, trace: t };
          }
          if (!t) return null;
          const exit = internetExitOf(sim, router, behind!.instance.ports[0]);
          const out = mainPath(t.root).find((h) => h.device === exit.ns);
          if (!out || out.out !== exit.dev) return { reason: `internet traffic from ${behind!.instance.name} did not leave ${router.name} through ${exit.dev}`, trace: t, hop: out };
          return null;
        },
      };
    }
  },
);
