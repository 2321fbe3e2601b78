import { decisivePath } from '../assert/paths';
import { isIsolatedSubnet, routersOfSubnet } from '../model/queries';
import { dispositionText } from '../trace/steps';
import { defineInvariant } from './define';
import { instancesOf, label } from './flows';

/**
 * Seed claim: a metadata request reaches the metadata proxy and Nova answers. Which proxy is
 * decided from the model as Neutron decides it: the qdhcp namespace's haproxy on
 * 169.254.169.254:80 under force_metadata or for an isolated subnet with enable_isolated_metadata,
 * otherwise haproxy on port 9697 in the qrouter namespace of the subnet's router.
 */
export const metadataReachesProxy = defineInvariant(
  'metadataReachesProxy',
  'every metadata request reaches its proxy (9697 in the qrouter, or the qdhcp path when forced or isolated) and Nova answers',
  function* (sim) {
    const o = sim.cloud.options;
    for (const i of instancesOf(sim)) {
      const subnet = sim.cloud.subnets.find((s) => s.id === i.subnet)!;
      const isolated = isIsolatedSubnet(sim.cloud, subnet);
      const viaDhcp = subnet.enable_dhcp && (o.force_metadata || (o.enable_isolated_metadata && isolated));
      const router = routersOfSubnet(sim.cloud, subnet.id)[0];
      if (!viaDhcp && (isolated || !router)) continue;
      const where = viaDhcp ? `qdhcp-${i.network}` : `qrouter-${router.id}`;
      const port = viaDhcp ? 80 : o.metadata_port;
      yield {
        label: label(i, 'metadata'), from: i.instance.name, to: 'metadata',
        trace: () => sim.trace(i.instance.name, 'metadata'),
        verdict: (t) => {
          const proxy = decisivePath(t).find((h) => h.device === where && h.steps.some((s) => s.t === 'deliver' && s.listener.port === port));
          if (!proxy) {
            const path = decisivePath(t);
            const strayed = path.find((h) => h.device === where) ?? path[path.length - 1];
            return { reason: `never reached the metadata proxy on port ${port} in ${where}: ${dispositionText(t.disposition)}`, hop: strayed };
          }
          if (t.disposition.kind !== 'answered') return { reason: `reached ${where}:${port} but got no answer: ${dispositionText(t.disposition)}`, hop: proxy };
          return null;
        },
      };
    }
  },
);
