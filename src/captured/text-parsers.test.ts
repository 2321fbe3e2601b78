import { readFileSync } from 'node:fs';
import { parseDhcpHosts, parseDhcpOpts, parseDnsmasqCommand } from './dnsmasq';
import { parseIpAddr, parseIpLink, parseIpNeigh, parseIpRoute } from './ip';
import { parseIpsetList, renderIpsetList } from './ipset';
import { parseIptablesSave, renderIptablesSave } from './iptables';
import { parseOvsJson, parseOvsShow, interfaceRows } from './ovsdb';
import { parseSs } from './ss';

const zed = (f: string) => readFileSync(`examples/captured/zed/rp-node1/${f}`, 'utf8');

describe('iptables-save', () => {
  it('reads tables, chains, policies and the rules whose matches and targets the engine evaluates', () => {
    const { netfilter, rejected } = parseIptablesSave([
      '*nat', ':PREROUTING ACCEPT [0:0]', ':neutron-l3-agent-PREROUTING - [0:0]',
      '[4:240] -A PREROUTING -j neutron-l3-agent-PREROUTING',
      '-A neutron-l3-agent-PREROUTING -d 169.254.169.254/32 -i qr-+ -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 9697',
      'COMMIT', '*filter', ':FORWARD DROP [0:0]',
      '-A FORWARD -m state --state RELATED,ESTABLISHED -m comment --comment "Direct \\"packets\\"" -j ACCEPT',
      '-A FORWARD -m set --match-set NIPv4abc src -m mark ! --mark 0x1/0xffff -j RETURN',
      '-A FORWARD -m limit --limit 1/s -j LOG', 'COMMIT',
    ].join('\n'));
    expect(netfilter.policies).toEqual({ 'nat:PREROUTING': 'ACCEPT', 'filter:FORWARD': 'DROP' });
    expect(netfilter.tables.nat!['neutron-l3-agent-PREROUTING']).toEqual([
      { match: { dst: '169.254.169.254/32', inIface: 'qr-+', proto: 'tcp', dport: 80 }, target: { type: 'REDIRECT', toPort: 9697 } },
    ]);
    expect(netfilter.tables.filter!.FORWARD).toEqual([
      { match: { ctstate: ['RELATED', 'ESTABLISHED'] }, target: { type: 'ACCEPT' }, comment: 'Direct "packets"' },
      { match: { srcSet: 'NIPv4abc', notMark: { value: 1, mask: 0xffff } }, target: { type: 'RETURN' } },
    ]);
    expect(rejected).toEqual([{ line: 11, text: '-A FORWARD -m limit --limit 1/s -j LOG', reason: '-m limit: a match module the engine does not evaluate' }]);
  });

  it('reads back what it renders', () => {
    const nf = parseIptablesSave(zed('netns/qrouter-97da8507-fab7-493f-94ab-ea281481c97d/iptables-save.txt')).netfilter;
    expect(parseIptablesSave(renderIptablesSave(nf))).toEqual({ netfilter: nf, rejected: [] });
  });

  it('leaves out only the connmark rules of a real Zed router', () => {
    const { rejected } = parseIptablesSave(zed('netns/qrouter-97da8507-fab7-493f-94ab-ea281481c97d/iptables-save.txt'));
    expect(rejected.map((r) => r.reason)).toEqual(['-m connmark: a match module the engine does not evaluate', '-m connmark: a match module the engine does not evaluate']);
  });
});

describe('ip', () => {
  it('reads -o link: veth peers, masters, MACs and state', () => {
    const { links, rejected } = parseIpLink([
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
      '7: qvb1@qvo1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master qbr1 state UP mode DEFAULT group default qlen 1000\\    link/ether 0a:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff',
      '9: eth0@if12: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default\\    link/ether 0a:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0',
      'garbage',
    ].join('\n'));
    expect(links).toEqual([
      { index: 1, name: 'lo', up: true, loopback: true, mtu: 65536 },
      { index: 7, name: 'qvb1', peer: 'qvo1', master: 'qbr1', mtu: 1450, mac: '0a:00:00:00:00:01', up: true, loopback: false },
      { index: 9, name: 'eth0', peerIndex: 12, peerNetns: '0', mtu: 1500, mac: '0a:00:00:00:00:02', up: false, loopback: false },
    ]);
    expect(rejected).toEqual([{ line: 4, text: 'garbage', reason: 'not an `ip -o link` line' }]);
  });

  it('reads addresses from -o and from the full format, listing IPv6 ones', () => {
    const full = parseIpAddr(zed('netns/qdhcp-6f5fa1f5-6cde-4f6d-b751-2440e31e50dd/ip-addr.txt'));
    expect(full.addresses).toEqual(new Map([['tapbbac2694-dc', ['10.94.1.2/24']]]));
    expect(full.rejected.map((r) => r.reason)).toEqual(['an IPv6 address (the engine walks IPv4 only)']);
    expect(parseIpAddr('2: eth1    inet 10.0.1.31/24 brd 10.0.1.255 scope global eth1\\       valid_lft forever').addresses).toEqual(new Map([['eth1', ['10.0.1.31/24']]]));
  });

  it('reads the main table\'s routes; the local table is the kernel\'s; policy routing is listed', () => {
    const { routes, rejected } = parseIpRoute([
      'default via 203.0.113.1 dev qg-1 proto static', '10.94.1.0/24 dev qr-d2da39a2-d3 proto kernel scope link src 10.94.1.1',
      '169.254.169.254 via 10.0.0.1 dev eth0', 'local 10.94.1.1 dev qr-d2da39a2-d3 table local proto kernel scope host src 10.94.1.1',
      '10.1.0.0/16 dev eth0 table 42', 'blackhole 10.9.0.0/16', 'fe80::/64 dev eth0 proto kernel metric 256 pref medium',
    ].join('\n'));
    expect(routes).toEqual([
      { destination: 'default', via: '203.0.113.1', dev: 'qg-1', proto: 'static' },
      { destination: '10.94.1.0/24', dev: 'qr-d2da39a2-d3', proto: 'kernel' },
      { destination: '169.254.169.254/32', via: '10.0.0.1', dev: 'eth0' },
    ]);
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([
      [5, 'table 42: policy routing is not modelled'], [6, 'a blackhole route is not modelled'], [7, 'an IPv6 route (the engine walks IPv4 only)'],
    ]);
  });

  it('keeps permanent neighbour entries (an agent\'s) and leaves the ARP cache to the engine', () => {
    expect(parseIpNeigh('10.0.0.1 dev eth0 lladdr 0a:00:00:00:00:01 REACHABLE\n10.0.0.9 dev eth0 lladdr 0A:00:00:00:00:09 PERMANENT\nfe80::1 dev eth0 lladdr 0a:00:00:00:00:02 PERMANENT')).toEqual({
      neighbours: [{ ip: '10.0.0.9', mac: '0a:00:00:00:00:09', dev: 'eth0' }],
      rejected: [{ line: 3, text: 'fe80::1 dev eth0 lladdr 0a:00:00:00:00:02 PERMANENT', reason: 'a permanent neighbour entry that is not `IPv4 dev DEV lladdr MAC`' }],
    });
  });
});

describe('ipset, ss, dnsmasq and the OVS database', () => {
  it('ipset list: members by set, and back', () => {
    const text = renderIpsetList({ NIPv4abc: ['10.0.0.5', '10.0.1.0/24'] });
    expect(parseIpsetList(text)).toEqual({ sets: { NIPv4abc: ['10.0.0.5', '10.0.1.0/24'] }, rejected: [] });
  });

  it('ss -lntup: listeners with their process, a v6 wildcard taking IPv4 too', () => {
    const { sockets, rejected } = parseSs([
      'Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process',
      'udp   UNCONN 0      0      0.0.0.0%tapbbac2694-dc:67 0.0.0.0:* users:(("dnsmasq",pid=7,fd=4))',
      'tcp   LISTEN 0      4096   *:9697 *:* users:(("haproxy",pid=8,fd=7))',
      'tcp   LISTEN 0      4096   [fe80::1]:53 [::]:*',
    ].join('\n'));
    expect(sockets).toEqual([
      { proto: 'udp', ip: '0.0.0.0', port: 67, iface: 'tapbbac2694-dc', process: 'dnsmasq' },
      { proto: 'tcp', ip: '0.0.0.0', port: 9697, process: 'haproxy' },
    ]);
    expect(rejected.map((r) => r.reason)).toEqual(['an IPv6 listener (the engine walks IPv4 only)']);
  });

  it('dnsmasq: a real Zed hosts and opts file, and the command line\'s ranges, lease time and forced options', () => {
    const net = 'neutron/dhcp/6f5fa1f5-6cde-4f6d-b751-2440e31e50dd';
    expect(parseDhcpHosts(zed(`${net}/host`)).hosts[0]).toEqual({ mac: 'fa:16:3e:37:25:a3', hostname: 'host-10-94-1-197.openstacklocal', ip: '10.94.1.197' });
    const tag = 'subnet-e55ecc0a-230c-4bfa-8cf6-0e1262504923';
    expect(parseDhcpOpts(zed(`${net}/opts`))).toEqual({ rejected: [], options: [
      { tag, name: 'classless-static-route', value: '169.254.169.254/32,10.94.1.1,0.0.0.0/0,10.94.1.1' },
      { tag, name: '249', value: '169.254.169.254/32,10.94.1.1,0.0.0.0/0,10.94.1.1' },
      { tag, name: 'router', value: '10.94.1.1' },
    ] });
    const cmd = parseDnsmasqCommand(zed('processes.txt'));
    expect(cmd.ranges).toEqual([{ tag, cidr: '10.94.1.0/24' }]);
    expect(cmd.leaseSeconds).toBe(86400);
    expect(cmd.options).toEqual([{ name: 'mtu', value: '1450' }]);
  });

  it('ovs-vsctl show and --format=json list Interface', () => {
    const show = parseOvsShow(zed('ovs/show.txt'));
    expect(show.bridges.get('br-tun')).toEqual(['patch-int', 'br-tun', 'vxlan-ac1ffd02']);
    expect(show.tags.get('qr-61d801cc-98')).toBe(2);
    expect(show.interfaces.get('vxlan-ac1ffd02')!.options).toMatchObject({ local_ip: '172.31.253.1', remote_ip: '172.31.253.2' });
    const rows = interfaceRows(parseOvsJson(JSON.stringify({
      headings: ['name', 'ofport', 'type', 'options', 'external_ids'],
      data: [['tap1', 5, '', ['map', []], ['map', [['attached-mac', 'fa:16:3e:00:00:01'], ['vm-uuid', 'u1']]]]],
    })).rows);
    expect(rows.get('tap1')).toEqual({ name: 'tap1', ofport: 5, type: '', options: {}, externalIds: { 'attached-mac': 'fa:16:3e:00:00:01', 'vm-uuid': 'u1' } });
    expect(parseOvsJson('{').error).toMatch(/^not JSON/);
  });
});
