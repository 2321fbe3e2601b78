import { BRIDGE, NAMESPACE_PREFIX } from '../dataplane/names';
import { tableNamed } from '../dataplane/tables';
import type { Dataplane, Namespace } from '../dataplane/types';
import type { Simulation } from '../simulation';
import type { Hop, Trace } from '../trace/types';
import { allPaths } from './branch-paths';
import { defineFlowInvariant } from './define';
import type { Verdict } from './types';

/**
 * deploy-ovs-ha-dvr.rst and the OVS agent's DVR tables: every host holds the same qr- gateway MAC
 * of a distributed router, so (1) a frame the router sends crosses a tunnel with its host's DVR
 * MAC as source, never the shared gateway MAC (br-tun DVR_PROCESS rewrites it); (2) it reaches a
 * guest or namespace with the gateway MAC again, never a DVR MAC (br-int DVR_TO_SRC_MAC puts it
 * back); and (3) the router resolves its neighbours from the permanent entries the L3 agent
 * installs, never by ARP, whose answers to a shared MAC no host could tell apart. Judged on every
 * path of every flow, flood copies and answers included; not applicable without a distributed router.
 */
export const dvrMacsStayLocal = defineFlowInvariant(
  'dvrMacsStayLocal',
  "a distributed router's frames cross tunnels with their host's DVR MAC as source (never the gateway MAC every host shares), reach guests and namespaces with the gateway MAC again (never a DVR MAC), and its qrouter- resolves neighbours from the L3 agent's permanent entries, never by ARP",
  (sim) => {
    const macs = dvrMacs(sim);
    return {
      appliesByRelation: true,
      applies: () => macs.routers.size > 0,
      verdict: (t) => check(sim.dataplane, macs, t),
      splices: () => true,
    };
  },
);

interface DvrMacs {
  /** Namespace names of the distributed routers. */
  routers: ReadonlySet<string>;
  /** The qr- MACs those routers hold on every host. */
  gateway: ReadonlySet<string>;
  /** The hosts' DVR MACs (what br-tun DVR_PROCESS rewrites a gateway MAC to). */
  host: ReadonlySet<string>;
  /** Hosts whose L3 agent runs in a DVR mode: their br-int owes DVR_TO_SRC_MAC (a legacy host's never learned the DVR MACs). */
  dvrHosts: ReadonlySet<string>;
}

function dvrMacs(sim: Simulation): DvrMacs {
  const routers = new Set(sim.cloud.routers.filter((r) => r.distributed).map((r) => `${NAMESPACE_PREFIX.router}${r.id}`));
  const gateway = new Set<string>(), host = new Set<string>();
  for (const h of sim.dataplane.hosts) {
    for (const d of h.devices) {
      if (d.kind === 'namespace' && routers.has(d.name)) for (const i of d.interfaces) if (i.name.startsWith('qr-')) gateway.add(i.mac);
      if (d.kind === 'ovs' && d.name === BRIDGE.tunnel) {
        const dvrProcess = tableNamed(d, 'DVR_PROCESS');
        for (const f of d.flows) if (f.table === dvrProcess) for (const a of f.actions) if (a.type === 'mod_dl_src') host.add(a.mac);
      }
    }
  }
  const dvrHosts = new Set(sim.cloud.hosts.filter((h) => h.agent_mode === 'dvr' || h.agent_mode === 'dvr_snat').map((h) => h.name));
  return { routers, gateway, host, dvrHosts };
}

function ifaceMac(dp: Dataplane, h: Hop): string | undefined {
  if (!h.out) return undefined;
  const ns = dp.hosts.find((x) => x.name === h.host)?.devices.find((d): d is Namespace => d.kind === 'namespace' && d.name === h.device);
  return ns?.interfaces.find((i) => i.name === h.out)?.mac;
}

const isTunnel = (port: string | undefined) => !!port && /^(vxlan|gre)-/.test(port);

function check(dp: Dataplane, m: DvrMacs, t: Trace): Verdict {
  for (const path of allPaths(t)) {
    // The frame's source MAC as it goes: a namespace's sending interface sets it, mod_dl_src changes it.
    let src: string | undefined;
    for (let i = 0; i < path.length; i++) {
      const h = path[i];
      // A host's own stack carries the tunnel's outer frame: the inner frame's source is kept.
      if (h.kind === 'namespace' && h.role !== 'root') {
        const prev = path[i - 1];
        if (src && prev && prev.host === h.host && m.dvrHosts.has(h.host) && m.host.has(src)) {
          return { reason: `${h.device}@${h.host} received a frame whose source is DVR MAC ${src}: br-int on ${h.host} never gave it back its gateway MAC (DVR_TO_SRC_MAC)`, hop: h };
        }
        if (m.routers.has(h.device)) {
          const arp = h.steps.find((s) => s.t === 'arp' && !s.permanent);
          if (arp?.t === 'arp') return { reason: `${h.device}@${h.host} resolved ${arp.ip} by ARP: the L3 agent installs a permanent neighbour entry for every port of a distributed router's subnets`, hop: h };
        }
        src = ifaceMac(dp, h) ?? src;
        continue;
      }
      if (h.kind !== 'ovs') continue;
      for (const s of h.steps) if (s.t === 'flow') for (const a of s.flow.actions) if (a.type === 'mod_dl_src') src = a.mac;
      const outs = h.copies ? h.copies.map((c) => c.out) : [h.out];
      if (h.device === BRIDGE.tunnel && src && m.gateway.has(src) && outs.some(isTunnel)) {
        return { reason: `br-tun@${h.host} sent a frame into a tunnel with the distributed gateway MAC ${src} as source, which every host holds: DVR_PROCESS did not rewrite it to ${h.host}'s DVR MAC`, hop: h };
      }
    }
  }
  return null;
}
