import type { CapturedPlane } from '../captured';
import { FABRIC } from '../dataplane/fabric';
import type { Dataplane } from '../dataplane/types';
import type { Cloud } from '../model/types';
import { realizeUnbooted } from '../realize';
import { capturedFiles, notUnderstoodByFile } from './captured-files';
import { DriftSink } from './compare';
import { compareDevices } from './devices';
import { compareFlows, isLearned } from './flows';
import { compareNetfilter } from './iptables';
import { compareListeners } from './listeners';
import { capturedLocalVlans, realizedLocalVlans, vlanLabel } from './local-vlans';
import { compareNamespaces } from './namespaces';
import { compareRoutes } from './routes';
import { hostSide, namespaces, ovsBridges } from './side';
import { DRIFT_KINDS, type DriftReport } from './types';

export type { DriftItem, DriftKind, DriftReport, DriftStatus, FieldChange, NotCompared } from './types';
export { renderDrift, driftToJson, DRIFT_JSON_SCHEMA_VERSION } from './report';

/**
 * Every item where a capture's state differs from what netspec realizes for `cloud`, node by
 * node, by meaning: local VLANs by the network they carry, ports by name (tunnel ports by their
 * remote), flows and rules as multisets of what they match and do. What realize cannot know
 * (the fabric, the nodes' own devices) and what the capture did not say (lines its parsers left
 * out, flows learned from traffic, the guests' insides) is listed once as not compared.
 */
export function drift(cloud: Cloud, captured: CapturedPlane, realized: Dataplane = realizeUnbooted(cloud)): DriftReport {
  const sink = new DriftSink();
  const real = captured.dataplane;
  const names = realized.endpoints.names;
  const portMacs = new Set(cloud.ports.map((p) => p.mac_address));
  const nodes = captured.nodes.filter((n) => realized.hosts.some((h) => h.name === n));
  for (const h of realized.hosts) {
    if (h.name !== FABRIC && !captured.nodes.includes(h.name)) sink.skip(h.name, 'a host of the cloud the capture has no directory for');
  }
  for (const n of captured.nodes) if (!nodes.includes(n)) sink.skip(n, 'a captured node that is no host of the cloud');
  for (const node of nodes) {
    const eh = realized.hosts.find((h) => h.name === node)!, ah = real.hosts.find((h) => h.name === node)!;
    const e = hostSide(realized, eh, vlanLabel(realizedLocalVlans(realized.endpoints.localVlans, node), names));
    const a = hostSide(real, ah, vlanLabel(capturedLocalVlans(ah, cloud), names));
    compareNamespaces(sink, node, e, a);
    const has = capturedFiles(captured, node);
    compareDevices(sink, node, e, a, portMacs, has.ns);
    const aBr = new Map(ovsBridges(ah).map((b) => [b.name, b]));
    for (const br of ovsBridges(eh)) {
      const got = aBr.get(br.name);
      if (!got) continue;
      if (has.file(`ovs/flows/${br.name.replace(/[^A-Za-z0-9._-]/g, '_')}.txt`)) compareFlows(sink, node, br, got, e.reading(br), a.reading(got));
      else sink.skip(node, `${br.name}: flows (dump-flows not captured)`);
    }
    const learned = ovsBridges(ah).reduce((n, b) => n + b.flows.filter(isLearned).length, 0);
    if (learned) sink.skip(node, 'flows learned from traffic (br-tun\'s learn(), with a hard_timeout)', learned);
    const aNs = new Map(namespaces(ah).map((n) => [n.name, n]));
    for (const ns of namespaces(eh)) {
      const got = aNs.get(ns.name);
      if (!got || ns.guest) continue;
      const skip = (what: string, file: string) => sink.skip(node, `${ns.name}: ${what} (${file} not captured)`);
      if (has.ns(ns.name, 'iptables-save.txt')) compareNetfilter(sink, node, ns, got, has.ns(ns.name, 'ipset.txt'));
      else skip('iptables rules and ipsets', 'iptables-save');
      if (has.ns(ns.name, 'ip-route.txt')) compareRoutes(sink, node, ns, got, has.ns(ns.name, 'ip-neigh.txt'));
      else skip('routes and neighbours', 'ip route');
      if (!has.ns(ns.name, 'ss.txt')) skip('listening sockets', 'ss');
      compareListeners(sink, node, ns, got, has.ns(ns.name, 'ss.txt'));
    }
  }
  for (const [file, n] of notUnderstoodByFile(captured)) {
    sink.skip(file.split('/')[0], `${file.slice(file.indexOf('/') + 1)}: lines not understood, left out (netspec import --captured lists them; what realize builds may be among them)`, n);
  }
  sink.note('inside the instances (a capture sees a guest only as its tap device and its OVS port\'s external_ids)');
  sink.note('the fabric: physical segments, the upstream router and the internet host (netspec\'s model of what lies beyond the nodes)');
  const order = new Map(DRIFT_KINDS.map((k, i) => [k, i]));
  const items = sink.items.sort((x, y) => nodes.indexOf(x.node) - nodes.indexOf(y.node) || order.get(x.kind)! - order.get(y.kind)!);
  const notCompared = sink.notCompared.sort((x, y) => (x.node === undefined ? -1 : nodes.indexOf(x.node)) - (y.node === undefined ? -1 : nodes.indexOf(y.node)));
  return { cloud: cloud.name, nodes, compared: sink.compared, items, notCompared };
}
