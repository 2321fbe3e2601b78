import type { Dataplane, HostPlane, Link, Listener, Namespace, OvsBridge } from '../dataplane/types';
import { FABRIC } from '../dataplane/fabric';
import { NAMESPACE_PREFIX } from '../dataplane/names';
import type { Cloud } from '../model/types';
import { renderDhcpHosts, renderDhcpOpts } from './dnsmasq';
import { renderIpsetList } from './ipset';
import { renderIptablesSave } from './iptables';
import { renderFlows } from './render-flows';
import { renderSs, type Socket } from './ss';

/** The agents' state_path the rendered files claim to come from. */
export const RENDER_STATE_PATH = '/var/lib/neutron';

/**
 * A data plane written in `netspec-capture.sh`'s layout, one directory per host (the fabric is no
 * node: nobody runs the script on a switch): what each node's tools would print about the state
 * the plane holds. Reading it back must trace as the plane does, which is what tests the parsers
 * against every kind of state netspec builds. Guests are not namespaces on a real node: they show
 * as their tap devices and the external_ids os-vif writes on the OVS interface.
 * `cloud` supplies the port ids for iface-id (the plane holds device names only).
 */
export function renderCapture(dp: Dataplane, cloud?: Cloud): Map<string, string> {
  const files = new Map<string, string>();
  for (const host of dp.hosts) {
    if (host.name === FABRIC) continue;
    for (const [f, text] of renderNode(dp, host, cloud)) files.set(`${host.name}/${f}`, text);
  }
  return files;
}

function renderNode(dp: Dataplane, host: HostPlane, cloud: Cloud | undefined): Map<string, string> {
  const files = new Map<string, string>();
  const ns = host.devices.filter((d): d is Namespace => d.kind === 'namespace');
  const guests = ns.filter((n) => n.guest);
  const named = ns.filter((n) => !n.guest && n.name !== 'root');
  const root = ns.find((n) => n.name === 'root');
  const bridges = host.devices.filter((d): d is OvsBridge => d.kind === 'ovs');
  const linuxBridges = host.devices.filter((d) => d.kind === 'linux-bridge');
  const links = dp.links.filter((l) => l.a.host === host.name || l.b.host === host.name);
  const peerOf = (device: string, port: string): Link['a'] | undefined => {
    for (const l of links) {
      if (l.a.host === host.name && l.a.device === device && l.a.port === port) return l.b;
      if (l.b.host === host.name && l.b.device === device && l.b.port === port) return l.a;
    }
    return undefined;
  };
  const ovsPorts = new Set(bridges.flatMap((b) => b.ports.map((p) => p.name)));
  const guestByPort = new Map<string, { guest: Namespace; nic: string }>();
  for (const g of guests) for (const i of g.interfaces) {
    const p = peerOf(g.name, i.name);
    if (p) guestByPort.set(p.port, { guest: g, nic: i.name });
  }

  files.set('MANIFEST', `# netspec-capture 1\thost=${host.name}\tstate_path=${RENDER_STATE_PATH}\n`);
  files.set('netns.txt', named.map((n, i) => `${n.name} (id: ${i})\n`).join(''));

  // ---- the root namespace: its own NICs, then the devices of bridges and guests it holds.
  let index = 1;
  const next = () => ++index;
  const rootLinks = ['1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00'];
  const link = (i: number, name: string, mac: string, up: boolean, extra = '', peer = '') =>
    `${i}: ${name}${peer}: <BROADCAST,MULTICAST${up ? ',UP,LOWER_UP' : ''}> mtu 1500 qdisc noqueue${extra} state ${up ? 'UP' : 'DOWN'} mode DEFAULT group default qlen 1000\\    link/ether ${mac} brd ff:ff:ff:ff:ff:ff`;
  if (root) for (const i of root.interfaces) rootLinks.push(link(next(), i.name, i.mac, i.up));
  const fakeMac = (seed: string) => `fe:16:3e:${hex2(seed, 0)}:${hex2(seed, 1)}:${hex2(seed, 2)}`;
  for (const lb of linuxBridges) {
    rootLinks.push(link(next(), lb.name, fakeMac(lb.name), true));
    for (const p of lb.ports) {
      const peer = peerOf(lb.name, p);
      const vethPeer = peer && peer.device !== lb.name && !guestByPort.has(p) && ovsPorts.has(peer.port) ? `@${peer.port}` : '';
      rootLinks.push(link(next(), p, fakeMac(p), true, ` master ${lb.name}`, vethPeer));
    }
  }
  for (const br of bridges) for (const p of br.ports) {
    if (p.type === 'patch' || p.type === 'vxlan' || p.type === 'gre') continue;
    const peer = peerOf(br.name, p.name);
    if (peer && peer.device !== 'root' && named.some((n) => n.name === peer.device)) continue; // an internal port moved into a namespace
    const veth = peer && linuxBridges.some((l) => l.name === peer.device) && !guestByPort.has(p.name) ? `@${peer.port}` : '';
    rootLinks.push(link(next(), p.name, fakeMac(p.name), true, ' master ovs-system', veth));
  }
  if (root) {
    nsFiles(files, 'root', root, rootLinks, next);
    const lb = linuxBridges.find((l) => l.kind === 'linux-bridge');
    if (lb && lb.kind === 'linux-bridge') files.set('root/bridge-nf-call-iptables.txt', lb.nfCallIptables ? '1\n' : '0\n');
  }
  for (const n of named) {
    const nsLinks = ['1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00'];
    for (const i of n.interfaces) nsLinks.push(link(next(), i.name, i.mac, i.up));
    nsFiles(files, `netns/${n.name}`, n, nsLinks, next);
  }

  // ---- Open vSwitch
  const show: string[] = ['72b5f9f2-e4cd-451d-a44a-9ed5d68c4691'];
  const ports: unknown[][] = [];
  const interfaces: unknown[][] = [];
  let uuid = 0;
  const id = () => ['uuid', `00000000-0000-4000-8000-${(++uuid).toString(16).padStart(12, '0')}`];
  for (const br of bridges) {
    show.push(`    Bridge ${br.name}`, '        fail_mode: secure');
    for (const p of br.ports) {
      show.push(`        Port ${p.name}`);
      if (p.tag !== undefined) show.push(`            tag: ${p.tag}`);
      show.push(`            Interface ${p.name}`);
      const type = p.type === 'system' ? '' : p.type;
      if (type) show.push(`                type: ${type}`);
      const options: [string, string][] = [];
      if (p.type === 'patch') {
        const peer = peerOf(br.name, p.name);
        if (peer) options.push(['peer', peer.port]);
      }
      if (p.type === 'vxlan' || p.type === 'gre') {
        options.push(['in_key', 'flow'], ['local_ip', p.localIp ?? ''], ['out_key', 'flow'], ['remote_ip', p.remoteIp ?? '']);
      }
      if (options.length) show.push(`                options: {${options.map(([k, v]) => `${k}=${/^[\w-]+$/.test(v) ? v : `"${v}"`}`).join(', ')}}`);
      const ext: [string, string][] = [];
      const g = guestByPort.get(p.name) ?? guestBehindBridge(p.name);
      if (g) {
        const i = g.guest.interfaces.find((x) => x.name === g.nic)!;
        const vm = Object.entries(dp.endpoints.names).find(([, n]) => n === g.guest.name)?.[0] ?? g.guest.name;
        const inst = cloud?.instances.find((x) => x.id === vm || x.name === g.guest.name);
        const portId = inst?.ports[Number(g.nic.replace(/^eth/, ''))] ?? p.name.replace(/^(tap|qvo)/, '');
        ext.push(['attached-mac', i.mac], ['iface-id', portId], ['iface-status', 'active'], ['vm-uuid', vm]);
      }
      ports.push([id(), p.name, p.tag === undefined ? ['set', []] : p.tag]);
      interfaces.push([id(), p.name, p.ofport, type, ['map', options], ['map', ext]]);
    }
  }
  function guestBehindBridge(qvo: string): { guest: Namespace; nic: string } | undefined {
    // hybrid plug: qvo ~ qvb on qbr, whose other port is the guest's tap.
    for (const br of bridges) {
      const peer = peerOf(br.name, qvo);
      const lb = peer && linuxBridges.find((l) => l.name === peer.device);
      if (lb && lb.kind === 'linux-bridge') for (const p of lb.ports) if (guestByPort.has(p)) return guestByPort.get(p);
    }
    return undefined;
  }
  files.set('ovs/show.txt', show.join('\n') + '\n    ovs_version: "3.1.0"\n');
  files.set('ovs/ports.json', JSON.stringify({ data: ports, headings: ['_uuid', 'name', 'tag'] }) + '\n');
  files.set('ovs/interfaces.json', JSON.stringify({ data: interfaces, headings: ['_uuid', 'name', 'ofport', 'type', 'options', 'external_ids'] }) + '\n');
  files.set('ovs/bridges.txt', bridges.map((b) => `${b.name}\n`).join(''));
  for (const br of bridges) files.set(`ovs/flows/${br.name}.txt`, renderFlows(br));

  // bridge_mappings: which provider bridge is cabled to which physical network.
  const mappings = links.filter((l) => l.kind === 'wire' && l.a.host === host.name && bridges.some((b) => b.name === l.a.device) && l.b.host === FABRIC)
    .map((l) => `${l.b.device}:${l.a.device}`);
  if (mappings.length) files.set('neutron/etc/openvswitch_agent.ini', `[ovs]\nbridge_mappings = ${mappings.join(',')}\n`);

  // ---- processes: dnsmasq's command lines, the metadata agent, haproxy
  const ps: string[] = [];
  let pid = 100;
  for (const n of ns) for (const l of n.listeners) {
    const b = l.behaviour;
    if (b.kind === 'dhcp-server' && n.name.startsWith(NAMESPACE_PREFIX.dhcp)) {
      const net = n.name.slice(NAMESPACE_PREFIX.dhcp.length);
      const dir = `${RENDER_STATE_PATH}/dhcp/${net}`;
      files.set(`neutron/dhcp/${net}/host`, renderDhcpHosts(b.hosts));
      files.set(`neutron/dhcp/${net}/opts`, renderDhcpOpts(b.options.filter((o) => o.tag)));
      const ranges = b.ranges.map((r) => {
        const [addr, prefix] = r.cidr.split('/');
        return `--dhcp-range=set:${r.tag},${addr},static,${netmask(Number(prefix))},${b.leaseSeconds}s`;
      });
      const forced = b.options.filter((o) => !o.tag).map((o) => `--dhcp-option-force=option:${o.name},${o.value}`);
      ps.push(`${++pid} dnsmasq --no-hosts --no-resolv --pid-file=${dir}/pid --dhcp-hostsfile=${dir}/host --addn-hosts=${dir}/addn_hosts --dhcp-optsfile=${dir}/opts --dhcp-leasefile=${dir}/leases --bind-dynamic ${ranges.join(' ')} ${forced.join(' ')} --dhcp-lease-max=256 --conf-file=/dev/null --domain=openstacklocal`.replace(/\s+/g, ' '));
    } else if (b.kind === 'relay' && 'unix' in b.to && l.proto === 'tcp') {
      const owner = n.name.replace(/^q(router|dhcp)-/, '');
      files.set(`neutron/ns-metadata-proxy/${owner}.conf`, haproxyConf(owner, l, b.to.unix, n.name.startsWith(NAMESPACE_PREFIX.router)));
      ps.push(`${++pid} haproxy -f ${RENDER_STATE_PATH}/ns-metadata-proxy/${owner}.conf`);
    } else if (b.kind === 'relay' && l.proto === 'unix' && 'ip' in b.to) {
      files.set('neutron/etc/metadata_agent.ini', `[DEFAULT]\nnova_metadata_host = ${b.to.ip}\nnova_metadata_port = ${b.to.port}\nmetadata_proxy_socket = ${l.path}\n`);
      ps.push(`${++pid} /usr/bin/python3 /usr/bin/neutron-metadata-agent --config-file=/etc/neutron/neutron.conf --config-file=/etc/neutron/metadata_agent.ini`);
    } else if (b.kind === 'vrrp') {
      ps.push(`${++pid} keepalived -P -f ${RENDER_STATE_PATH}/ha_confs/${n.name.replace(NAMESPACE_PREFIX.router, '')}/keepalived.conf`);
    }
  }
  files.set('processes.txt', ps.map((p) => `${p}\n`).join(''));
  return files;
}

function nsFiles(files: Map<string, string>, dir: string, n: Namespace, links: string[], next: () => number): void {
  void next;
  files.set(`${dir}/ip-link.txt`, links.join('\n') + '\n');
  const addrs: string[] = ['1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever'];
  links.forEach((l) => {
    const m = /^(\d+): ([^:@]+)/.exec(l)!;
    const i = n.interfaces.find((x) => x.name === m[2]);
    for (const a of i?.addresses ?? []) addrs.push(`${m[1]}: ${m[2]}    inet ${a} scope global ${m[2]}\\       valid_lft forever preferred_lft forever`);
  });
  files.set(`${dir}/ip-addr.txt`, addrs.join('\n') + '\n');
  const routes = n.routes.map((r) => [r.destination.endsWith('/32') ? r.destination.slice(0, -3) : r.destination, r.via ? `via ${r.via}` : '', `dev ${r.dev}`,
    r.proto ? `proto ${r.proto}` : '', r.proto === 'kernel' ? 'scope link' : ''].filter(Boolean).join(' '));
  routes.push('local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1');
  files.set(`${dir}/ip-route.txt`, routes.join('\n') + '\n');
  files.set(`${dir}/ip-neigh.txt`, (n.neighbours ?? []).map((x) => `${x.ip} dev ${x.dev} lladdr ${x.mac} PERMANENT\n`).join(''));
  files.set(`${dir}/iptables-save.txt`, renderIptablesSave(n.netfilter));
  files.set(`${dir}/ipset.txt`, renderIpsetList(n.netfilter.ipsets ?? {}));
  const sockets: Socket[] = [];
  for (const l of n.listeners) {
    if ((l.proto !== 'tcp' && l.proto !== 'udp') || l.port === undefined || l.behaviour.kind === 'dhcp-client') continue;
    // The kernel's tunnel sockets belong to no process.
    const proc = l.behaviour.kind === 'tunnel-endpoint' ? undefined : l.process;
    sockets.push({ proto: l.proto, ip: l.ip ?? '0.0.0.0', port: l.port, ...(l.iface ? { iface: l.iface } : {}), ...(proc ? { process: proc } : {}) });
  }
  files.set(`${dir}/ss.txt`, renderSs(sockets));
  files.set(`${dir}/ip-forward.txt`, n.ipForward ? '1\n' : '0\n');
}

function haproxyConf(owner: string, l: Listener, socket: string, router: boolean): string {
  const bind = l.ip && l.ip !== '0.0.0.0' ? `${l.ip}:${l.port}` : `:::${l.port}`;
  return ['global', '    user        root', '    group       root', '    maxconn     1024', '    daemon', '', 'defaults', '    mode http', '',
    'listen listener', `    bind ${bind}`, `    server metadata ${socket}`,
    `    http-request set-header X-Neutron-${router ? 'Router' : 'Network'}-ID ${owner}`, ''].join('\n');
}

function netmask(prefix: number): string {
  const m = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((s) => (m >>> s) & 0xff).join('.');
}

function hex2(seed: string, k: number): string {
  let h = 2166136261 ^ k;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return ((h >>> 0) & 0xff).toString(16).padStart(2, '0');
}
