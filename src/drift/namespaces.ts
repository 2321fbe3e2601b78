import { compareNames, type DriftSink } from './compare';
import { namespaces, type HostSide } from './side';

/**
 * The namespaces of a node (qrouter-, qdhcp-, snat-, fip-: their names carry the router or
 * network id, compared as such) and the instances it hosts (a capture knows a guest from the
 * external_ids os-vif wrote on its OVS interface, not from inside it).
 */
export function compareNamespaces(sink: DriftSink, node: string, e: HostSide, a: HostSide): void {
  const named = (s: HostSide) => namespaces(s.host).filter((n) => !n.guest && n.name !== 'root').map((n) => n.name);
  compareNames(sink, { node, kind: 'namespace' }, named(e), named(a));
  const guests = (s: HostSide) => namespaces(s.host).filter((n) => n.guest).map((n) => n.name);
  compareNames(sink, { node, kind: 'instance' }, guests(e), guests(a));
}
