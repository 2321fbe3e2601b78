import type { Dataplane } from '../dataplane/types';
import type { Cloud } from '../model/types';
import { METADATA_IP } from '../dataplane/names';
import { bootGuests } from '../engine/dhclient';
import { RealizeContext } from './context';
import { realizeDhcp } from './dhcp-agent';
import { realizeHosts } from './hosts';
import { realizeInstances } from './instances';
import { realizeRouters } from './l3-agent';
import { realizeMetadataServices } from './metadata';
import { realizeOvsBridges } from './ovs-agent';
import { realizeUpstream } from './upstream';
import { trunkVlans } from './trunks';

/**
 * What Neutron's agents and Nova would build from the model, host by host. All Neutron
 * knowledge lives under realize/; the engine only knows generic device semantics.
 */
export function realize(cloud: Cloud): Dataplane {
  // Nova boots the guests last: each DHCP guest configures itself through the built plane.
  return bootGuests(build(cloud));
}

/**
 * The plane the agents build, before any guest has booted: what a running cloud's guests keep
 * their leases over when the cloud changes under them (whatif/running.ts).
 */
export function realizeUnbooted(cloud: Cloud): Dataplane {
  return build(cloud);
}

function floatingIpEndpoints(cloud: Cloud): Dataplane['endpoints']['floatingIps'] {
  const instanceOfPort = new Map(cloud.instances.flatMap((i) => i.ports.map((p) => [p, i.name] as const)));
  return cloud.floatingips.map((f) => ({ address: f.floating_ip_address, fixed: f.fixed_ip_address, instance: instanceOfPort.get(f.port_id) ?? '' }));
}

function build(cloud: Cloud): Dataplane {
  const ctx = new RealizeContext(cloud);
  realizeHosts(ctx);
  realizeOvsBridges(ctx);
  realizeUpstream(ctx);
  realizeRouters(ctx);
  realizeDhcp(ctx);
  realizeMetadataServices(ctx);
  const instances = realizeInstances(ctx);
  // fromEntries defines own properties, so an id such as `__proto__` is a key like any other.
  const names: Record<string, string> = Object.fromEntries([...cloud.networks, ...cloud.routers, ...cloud.subnets, ...cloud.instances].map((x) => [x.id, x.name]));
  return ctx.plane.build(cloud.name, {
    instances,
    internet: cloud.options.internet_probe_ip,
    floatingIps: floatingIpEndpoints(cloud),
    metadata: { ip: METADATA_IP, port: 80 },
    names,
    networks: cloud.networks.map((n) => ({
      id: n.id, name: n.name, type: n['provider:network_type'], segmentationId: n['provider:segmentation_id'],
    })),
    ...(cloud.trunks.length && { trunkVlans: trunkVlans(cloud) }),
    localVlans: Object.fromEntries([...ctx.localVlans].map(([host, vlans]) => [
      host, Object.fromEntries([...vlans].map(([net, lvid]) => [lvid, net])),
    ])),
  });
}
