import { defineStateInvariant } from './define';
import { instancesOf } from './flows';
import { routersBySubnet } from '../model/queries';
import { allPaths } from './branch-paths';

/**
 * Proposed: the metadata proxy's port (9697) in a qrouter is reachable only through the
 * REDIRECT of 169.254.169.254: a connection from an instance straight to its gateway's port 9697
 * is dropped in the qrouter (neutron-l3-agent-INPUT) and never reaches haproxy. (A probe flow of
 * its own, so it is written as a state case that traces.)
 */
export const metadataProxyNotDirectlyReachable = defineStateInvariant(
  'metadataProxyNotDirectlyReachable',
  'a connection from an instance straight to its gateway on the metadata proxy port never reaches haproxy',
  function* (sim) {
    const routersOf = routersBySubnet(sim.cloud);
    const port = sim.cloud.options.metadata_port;
    for (const i of instancesOf(sim)) {
      const subnet = sim.cloud.subnets.find((s) => s.id === i.subnet)!;
      if (!subnet.enable_dhcp || !subnet.gateway_ip || !routersOf(i.subnet).length) continue;
      const to = subnet.gateway_ip;
      yield {
        label: `${i.instance.name} → ${to}:${port}`,
        verdict: () => {
          const t = sim.trace(i.instance.name, to, { proto: 'tcp', dport: port });
          for (const path of allPaths(t)) {
            const h = path.find((x) => x.steps.some((s) => s.t === 'deliver' && s.listener.port === port));
            if (h) return { reason: `reached ${h.device}:${port} directly`, hop: h, trace: t };
          }
          return null;
        },
      };
    }
  },
);
