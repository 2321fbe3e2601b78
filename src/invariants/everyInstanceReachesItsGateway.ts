import { defineStateInvariant } from './define';
import { egressAllowsIcmp } from './expectations';
import { instancesOf } from './flows';
import { routersBySubnet } from '../model/queries';
import { NAMESPACE_PREFIX } from '../dataplane/names';
import { finalHop } from '../assert/paths';
import { dispositionText } from '../trace/steps';

/**
 * Every instance configured over DHCP on a subnet a router joins pings its router's address on
 * that subnet and the answer comes from that router's qrouter namespace. The first hop of every
 * routed flow; with a guest's NIC down (or its port unplugged) this fails where invariants that
 * only forbid paths hold vacuously.
 */
export const everyInstanceReachesItsGateway = defineStateInvariant(
  'everyInstanceReachesItsGateway',
  "every instance on a subnet a router joins reaches that router's address on its subnet, answered by the router's qrouter namespace",
  function* (sim) {
    const routersOf = routersBySubnet(sim.cloud);
    const cloud = sim.cloud;
    const ports = new Map(cloud.ports.map((p) => [p.id, p]));
    for (const i of instancesOf(sim)) {
      if (!cloud.subnets.find((s) => s.id === i.subnet)?.enable_dhcp) continue;
      const own = ports.get(i.instance.ports[0])!;
      for (const router of routersOf(i.subnet)) {
        const address = router.interfaces.flatMap((pid) => ports.get(pid)?.fixed_ips ?? []).find((f) => f.subnet_id === i.subnet)?.ip_address;
        if (!address || !egressAllowsIcmp(cloud, own, address)) continue;
        const qrouter = `${NAMESPACE_PREFIX.router}${router.id}`;
        yield {
          label: `${i.instance.name} → ${address} (${router.name})`,
          verdict: () => {
            const t = sim.trace(i.instance.name, address);
            const d = t.disposition;
            if (d.kind !== 'answered') return { reason: `${router.name}'s ${address} did not answer: ${dispositionText(d)}`, trace: t, hop: finalHop(t) };
            if (d.at.device !== qrouter) return { reason: `answered by ${d.by} at ${d.at.device}@${d.at.host}, not ${router.name}'s ${qrouter}`, trace: t, hop: finalHop(t) };
            return null;
          },
        };
      }
    }
  },
);
