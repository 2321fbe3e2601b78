import type { Dataplane, InstanceEndpoint } from '../dataplane/types';
import { cidrContains, parseCidr, parseIp, type Cidr } from '../net/ipv4';
import type { Trace } from '../trace/types';
import { leaves } from '../trace/leaves';
import { attachmentsOf, type Attachment } from './attachment';
import { indexState, type StateIndex } from './state-index';

/** How `netspec check` groups flows that must behave alike. */
export interface FlowClasses {
  /**
   * Same host, same network, same subnet, and the same data-plane state once the instance's own
   * identity (its MAC, address, name and the devices that attach it) is abstracted away: its
   * attachment devices, every piece of state that names one of those, and every prefix more
   * specific than its subnet that holds its address. Anything the data plane can tell apart
   * splits the class, so a fault on one port or one address is never hidden behind another.
   */
  classOf(name: string): string | undefined;
  /**
   * A coarser class for a destination that a flow never reaches: its subnet, the more specific
   * prefixes that hold its address, and the state outside the subnet that names its address.
   * Until a packet reaches the destination's subnet, only these can tell two destinations apart.
   */
  destinationClassOf(name: string): string | undefined;
  /**
   * Whether a trace reached the destination's subnet: a namespace holding an address in it, a
   * device or port attaching an instance of it, or ARP for one of its addresses.
   */
  reachesSubnetOf(t: Trace, name: string): boolean;
}

export function flowClasses(dp: Dataplane): FlowClasses {
  const ix = indexState(dp, attachmentsOf(dp));
  const fine = new Map<string, string>();
  const coarse = new Map<string, string>();
  const intern = new Map<string, string>();
  const key = (sig: string) => {
    let k = intern.get(sig);
    if (!k) intern.set(sig, (k = `c${intern.size + 1}`));
    return k;
  };
  const subnetOf = new Map<string, { cidr: Cidr; text: string }>();
  const attachedIn = new Map<string, Set<string>>();
  for (const [i, e] of dp.endpoints.instances.entries()) {
    const att = ix.attachments[i];
    const abstract = abstractor(e, att);
    const subnetCidr = att.subnet;
    const prefixes = ix.prefixesHolding(e.ip, subnetCidr);
    const own = att.tokens.flatMap((t) => ix.mentions.get(t) ?? []);
    const facts = [
      e.host, e.network, subnetCidr ?? '', ...prefixes,
      ...att.state.map(abstract),
      ...own.map((m) => abstract(`${m.host}/${m.device} ${m.text}`)),
    ];
    fine.set(e.name, key(facts.sort().join('\n')));
    const subnet = subnetCidr ? { cidr: parseCidr(subnetCidr), text: subnetCidr } : undefined;
    if (subnet) {
      subnetOf.set(e.name, subnet);
      let set = attachedIn.get(subnet.text);
      if (!set) attachedIn.set(subnet.text, (set = new Set()));
      for (const p of att.places) set.add(p);
    }
    // State held inside the destination's subnet (its qdhcp, its router's qr-) or naming the
    // devices that attach it is only met once the packet got there, and then the fine class applies.
    const inside = subnet ? ix.holdersOf(subnet.text, subnet.cidr) : new Set<string>();
    const attachmentTokens = att.tokens.filter((t) => t !== e.ip && t !== e.mac);
    const reachable = (ix.mentions.get(e.ip) ?? [])
      .filter((m) => !inside.has(`${m.host}\u0000${m.device}`) && !attachmentTokens.some((t) => m.tokens.includes(t)))
      .map((m) => abstract(`${m.host}/${m.device} ${m.text}`));
    coarse.set(e.name, key(['dst', e.subnet, subnetCidr ?? '', ...prefixes, ...reachable.sort()].join('\n')));
  }
  return {
    classOf: (name) => fine.get(name),
    destinationClassOf: (name) => coarse.get(name),
    reachesSubnetOf(t, name) {
      const s = subnetOf.get(name);
      if (!s) return true;
      const holders = ix.holdersOf(s.text, s.cidr);
      const attached = attachedIn.get(s.text) ?? new Set<string>();
      const touched = (hops: Trace['root']['hops']) => hops.some((h) => holders.has(`${h.host}\u0000${h.device}`)
        || attached.has(`${h.host}\u0000${h.device}`)
        || (h.in !== undefined && attached.has(`${h.host}\u0000${h.device}\u0000${h.in}`))
        || (h.out !== undefined && attached.has(`${h.host}\u0000${h.device}\u0000${h.out}`))
        || h.steps.some((st) => st.t === 'arp' && cidrContains(s.cidr, parseIp(st.ip))));
      return leaves(t.root).some((l) => touched(l.path)) || (!!t.reply && leaves(t.reply).some((l) => touched(l.path)));
    },
  };
}

/**
 * Rewrites one instance's identity out of a piece of state's text: its MAC, address (also as
 * `10-0-0-5`, the way dnsmasq host names carry it), name and attachment devices become
 * placeholders, so an alike instance's state reads the same.
 */
function abstractor(e: InstanceEndpoint, att: Attachment): (text: string) => string {
  const dashed = e.ip.replace(/\./g, '-');
  const names = new Map<string, string>([[e.mac, '<mac>'], [e.ip, '<ip>'], [dashed, '<ip->'], [e.name, '<name>']]);
  att.tokens.forEach((t, i) => { if (!names.has(t)) names.set(t, `<t${i}>`); });
  const alternatives = [...names.keys()].filter((n) => n !== dashed).sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  // Boundaries keep 10.0.0.5 from matching inside 10.0.0.50 and a device name inside a longer one.
  const pattern = new RegExp(`(?<![\\w.:-])(?:${alternatives})(?![\\w:-]|\\.\\d)|(?<!\\d)${escapeRegExp(dashed)}(?!\\d)`, 'g');
  return (text) => text.replace(pattern, (m) => names.get(m)!);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export type { StateIndex };
