/**
 * An HA router failing over, as the control plane records it: keepalived on `toHost` won the
 * election, so its agent reports `active` and the others `standby`, and the router's interface
 * and gateway ports are bound there (l3_hamode_db.update_routers_states). Realizing the result
 * moves the addresses, routes and metadata proxy; nothing else changes.
 */
import type { Cloud } from './types';
import { TopologyError } from './errors';
import { didYouMean } from './shape';

export function failover(cloud: Cloud, router: string, toHost: string): Cloud {
  const fail = (path: string, message: string): never => { throw new TopologyError([{ file: 'failover', path, rule: 'ha-agents', message }]); };
  const r = cloud.routers.find((x) => x.name === router || x.id === router)
    ?? fail('router', `no router with name or id "${router}"${didYouMean(router, cloud.routers.map((x) => x.name))}`);
  if (!r.ha) fail('router', `router ${r.name} is not HA: it has no backup to fail over to`);
  if (!r.l3_agents.some((a) => a.host === toHost)) {
    fail('toHost', `router ${r.name} is not hosted on ${toHost} (its L3 agents: ${r.l3_agents.map((a) => a.host).join(', ')})`);
  }
  const next = structuredClone(cloud);
  const moved = next.routers.find((x) => x.id === r.id)!;
  moved.l3_agents = moved.l3_agents.map((a) => ({ ...a, ha_state: a.host === toHost ? 'active' : 'standby' }));
  moved.host = toHost;
  const bound = new Set([...moved.interfaces, ...(moved.gw_port_id ? [moved.gw_port_id] : [])]);
  for (const p of next.ports) if (bound.has(p.id)) p['binding:host_id'] = toHost;
  return next;
}
