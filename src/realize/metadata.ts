import type { RealizeContext } from './context';
import { METADATA_PROXY_SOCKET } from './l3-agent';

/**
 * The metadata agent serves the UNIX socket haproxy relays to and forwards to Nova's metadata
 * API (agent.py: nova_metadata_host:nova_metadata_port); nova-api-metadata answers on the
 * controller's management address.
 */
export function realizeMetadataServices(ctx: RealizeContext): void {
  const o = ctx.cloud.options;
  for (const host of ctx.hostsRunning('metadata')) {
    ctx.plane.namespace(host.name, 'root').listeners.push({
      process: 'neutron-metadata-agent', proto: 'unix', path: METADATA_PROXY_SOCKET, running: true,
      behaviour: { kind: 'relay', to: { ip: o.nova_metadata_host, port: o.nova_metadata_port, proto: 'tcp' } },
    });
  }
  for (const host of ctx.hostsRunning('nova-metadata')) {
    ctx.plane.namespace(host.name, 'root').listeners.push({
      process: 'nova-api-metadata', proto: 'tcp', ip: '0.0.0.0', port: o.nova_metadata_port, running: true,
      behaviour: { kind: 'server', status: 200 },
    });
  }
}
