import { decisivePath } from '../assert/paths';
import { isIsolatedSubnet, routersBySubnet } from '../model/queries';
import { mainPath } from '../trace/leaves';
import { dispositionText } from '../trace/steps';
import { defineFlowInvariant } from './define';
import { missingService } from './missing';

/**
 * Seed claim: a metadata request reaches the metadata proxy and Nova answers. Which proxy is
 * decided from the model as Neutron decides it: the qdhcp namespace's haproxy on
 * 169.254.169.254:80 under force_metadata or for an isolated subnet with enable_isolated_metadata,
 * otherwise haproxy on port 9697 in the qrouter namespace of the subnet's router. The qdhcp
 * proxy shares the instance's subnet: its answer goes straight back, through no qrouter.
 */
export const metadataReachesProxy = defineFlowInvariant(
  'metadataReachesProxy',
  'every metadata request reaches its proxy (9697 in the qrouter, or the qdhcp path when forced or isolated) and Nova answers',
  (sim) => {
    const routersOf = routersBySubnet(sim.cloud);
    const o = sim.cloud.options;
    const proxy = new Map<string, { where: string; port: number } | null>();
    for (const subnet of sim.cloud.subnets) {
      const isolated = isIsolatedSubnet(sim.cloud, subnet);
      const viaDhcp = subnet.enable_dhcp && (o.force_metadata || (o.enable_isolated_metadata && isolated));
      const router = routersOf(subnet.id)[0];
      proxy.set(subnet.id, viaDhcp ? { where: `qdhcp-${subnet.network_id}`, port: 80 }
        : !isolated && router ? { where: `qrouter-${router.id}`, port: o.metadata_port } : null);
    }
    return {
      // Only a guest configured over DHCP knows its metadata route.
      appliesByRelation: true, applies: (a, to) => to === 'metadata' && !!proxy.get(a.subnet) && !!sim.cloud.subnets.find((s) => s.id === a.subnet)?.enable_dhcp,
      verdict: (t, a) => {
        const { where, port } = proxy.get(a.subnet)!;
        const path = decisivePath(t);
        const reached = path.find((h) => h.device === where && h.steps.some((s) => s.t === 'deliver' && s.listener.port === port));
        if (!reached) {
          const strayed = path.find((h) => h.device === where) ?? path[path.length - 1];
          const missing = missingService(sim.dataplane, where, { port });
          return { reason: `never reached the metadata proxy on port ${port} in ${where}: ${missing ? `${missing}; the request was ` : ''}${dispositionText(t.disposition)}`, hop: strayed };
        }
        if (t.disposition.kind !== 'answered') return { reason: `reached ${where}:${port} but got no answer: ${dispositionText(t.disposition)}`, hop: reached };
        if (where.startsWith('qdhcp-') && t.reply) {
          const back = mainPath(t.reply);
          const from = back.findIndex((h) => h.device === where);
          const detour = from < 0 ? undefined : back.slice(from + 1).find((h) => h.role === 'qrouter');
          if (detour) return { reason: `the answer from ${where} went back to ${a.instance.name} through ${detour.device}@${detour.host}, though both are on its subnet`, hop: detour };
        }
        return null;
      },
    };
  },
);
