import { DHCP_CLIENT_PORT, DHCP_SERVER_PORT } from '../dataplane/names';
import type { Namespace, Rule, RuleMatch } from '../dataplane/types';
import type { Port, SecurityGroupRule } from '../model/types';
import type { RealizeContext } from './context';
import { dhcpPortIp } from './dhcp-options';

const P = 'neutron-openvswi';
const CHAIN = {
  forward: `${P}-FORWARD`, sgChain: `${P}-sg-chain`, fallback: `${P}-sg-fallback`, top: 'neutron-filter-top', local: `${P}-local`,
} as const;

const jump = (chain: string) => ({ type: 'jump', chain }) as const;
const RETURN = { type: 'RETURN' } as const;
const DROP = { type: 'DROP' } as const;

/**
 * The iptables_hybrid security-group driver (iptables_firewall.py): per port an ingress chain
 * (`-i`), an egress chain (`-o`) and an anti-spoofing chain (`-s`), reached from FORWARD through
 * physdev matches on the port's tap, because qbr hands bridged frames to iptables.
 */
export function realizePortFirewall(ctx: RealizeContext, host: string, port: Port, tap: string): void {
  const root = ctx.plane.namespace(host, 'root');
  const filter = ensureBaseChains(root);
  if (!port.port_security_enabled) return;
  const id = port.id.slice(0, 10);
  const [iChain, oChain, sChain] = [`${P}-i${id}`, `${P}-o${id}`, `${P}-s${id}`];
  const bridgedOut: RuleMatch = { physdevOut: tap, physdevIsBridged: true };
  const bridgedIn: RuleMatch = { physdevIn: tap, physdevIsBridged: true };
  filter[CHAIN.forward].push({ match: bridgedOut, target: jump(CHAIN.sgChain) }, { match: bridgedIn, target: jump(CHAIN.sgChain) });
  // sg-chain ends with ACCEPT: port rules go in front of it.
  filter[CHAIN.sgChain].splice(filter[CHAIN.sgChain].length - 1, 0,
    { match: bridgedOut, target: jump(iChain) }, { match: bridgedIn, target: jump(oChain) });

  const ips = port.fixed_ips.map((f) => f.ip_address);
  const dhcpServers = port.fixed_ips.map((f) => dhcpPortIp(ctx, ctx.subnets.get(f.subnet_id)!)).filter((x): x is string => !!x);
  filter[iChain] = [
    { match: { ctstate: ['RELATED', 'ESTABLISHED'] }, target: RETURN, comment: 'Direct packets associated with a known session to the RETURN chain.' },
    ...dhcpServers.map((s): Rule => ({ match: { src: `${s}/32`, proto: 'udp', sport: DHCP_SERVER_PORT, dport: DHCP_CLIENT_PORT }, target: RETURN })),
    ...sgRules(ctx, port, 'ingress', root),
    { match: { ctstate: ['INVALID'] }, target: DROP, comment: 'Drop packets that appear related to an existing connection but are not.' },
    { match: {}, target: jump(CHAIN.fallback), comment: 'Send unmatched traffic to the fallback chain.' },
  ];
  filter[oChain] = [
    { match: { src: '0.0.0.0/32', dst: '255.255.255.255/32', proto: 'udp', sport: DHCP_CLIENT_PORT, dport: DHCP_SERVER_PORT }, target: RETURN, comment: 'Allow DHCP client traffic.' },
    { match: {}, target: jump(sChain) },
    { match: { proto: 'udp', sport: DHCP_CLIENT_PORT, dport: DHCP_SERVER_PORT }, target: RETURN, comment: 'Allow DHCP client traffic.' },
    { match: { proto: 'udp', sport: DHCP_SERVER_PORT, dport: DHCP_CLIENT_PORT }, target: DROP, comment: 'Prevent DHCP Spoofing by VM.' },
    { match: { ctstate: ['RELATED', 'ESTABLISHED'] }, target: RETURN, comment: 'Direct packets associated with a known session to the RETURN chain.' },
    ...sgRules(ctx, port, 'egress', root),
    { match: { ctstate: ['INVALID'] }, target: DROP },
    { match: {}, target: jump(CHAIN.fallback) },
  ];
  filter[sChain] = [
    ...ips.map((ip): Rule => ({ match: { src: `${ip}/32`, macSrc: port.mac_address }, target: RETURN, comment: 'Allow traffic from defined IP/MAC pairs.' })),
    { match: {}, target: DROP, comment: 'Drop traffic without an IP/MAC allow rule.' },
  ];
}

function ensureBaseChains(root: Namespace): Record<string, Rule[]> {
  const filter = (root.netfilter.tables.filter ??= {});
  if (!filter[CHAIN.forward]) {
    filter.FORWARD = [{ match: {}, target: jump(CHAIN.top) }, { match: {}, target: jump(CHAIN.forward) }];
    filter[CHAIN.top] = [{ match: {}, target: jump(CHAIN.local) }];
    filter[CHAIN.local] = [];
    filter[CHAIN.forward] = [];
    filter[CHAIN.sgChain] = [{ match: {}, target: { type: 'ACCEPT' } }];
    filter[CHAIN.fallback] = [{ match: {}, target: DROP, comment: 'Default drop rule for unmatched traffic.' }];
  }
  return filter;
}

function sgRules(ctx: RealizeContext, port: Port, direction: SecurityGroupRule['direction'], root: Namespace): Rule[] {
  const rules: Rule[] = [];
  for (const sgId of port.security_groups) {
    const sg = ctx.securityGroups.get(sgId);
    for (const r of sg?.rules ?? []) {
      if (r.direction !== direction) continue;
      const match: RuleMatch = {};
      if (r.protocol) match.proto = r.protocol;
      if (r.port_range_min !== null && r.protocol !== 'icmp') {
        match.dport = r.port_range_min;
        if (r.port_range_max !== null && r.port_range_max !== r.port_range_min) match.dportMax = r.port_range_max;
      }
      if (r.remote_ip_prefix) (direction === 'ingress' ? (match.src = r.remote_ip_prefix) : (match.dst = r.remote_ip_prefix));
      if (r.remote_group_id) {
        const set = ipsetFor(ctx, root, r.remote_group_id);
        if (direction === 'ingress') match.srcSet = set; else match.dstSet = set;
      }
      rules.push({ match, target: RETURN, comment: `security group ${sg!.name} ${direction}` });
    }
  }
  return rules;
}

/** `NIPv4<sg>`: the addresses of every port in the group, as the agent's ipset manager keeps it. */
function ipsetFor(ctx: RealizeContext, root: Namespace, sgId: string): string {
  const name = `NIPv4${sgId.slice(0, 18)}`;
  const sets = (root.netfilter.ipsets ??= {});
  sets[name] ??= [...ctx.membersOf(sgId)];
  return name;
}
