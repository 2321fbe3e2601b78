import { actionText, flowText } from '../engine/ovs';
import { ruleText } from '../engine/netfilter';
import type { ArpAnswerer, Disposition, Step } from './types';

/** A short label for the minimal view, or null when the step is plumbing a reader skips. */
export function stepLabel(s: Step): string | null {
  switch (s.t) {
    case 'tunnel': return s.op === 'encap' ? `${s.type} ${s.vni} → ${s.remote}` : `decap ${s.type} ${s.vni} from ${s.remote}`;
    case 'nat': return `${s.kind} ${s.before} → ${s.after}`;
    case 'filter': return s.verdict === 'DROP' ? `DROP ${s.ruleChain ?? s.chain}` : null;
    case 'deliver': return `→ ${s.listener.process} ${s.listener.proto}${s.listener.port !== undefined ? `/${s.listener.port}` : ''}`;
    case 'relay': return `relay → ${s.to}`;
    case 'dhcp': return s.host ? `dhcp-host ${s.host.mac},${s.host.ip}` : 'no dhcp-host entry';
    default: return null;
  }
}

/** The name the bridge that took a flow step gave its table (the data plane's `tableNames`). */
export type TableNamer = (bridge: string, table: number) => string | undefined;

/** One line per step for the detailed view, naming the state that caused it. */
export function stepDetail(s: Step, tableName?: TableNamer): string {
  switch (s.t) {
    case 'flow': {
      const name = tableName?.(s.bridge, s.flow.table);
      return `${s.learned ? 'learned ' : ''}flow ${flowText(s.bridge, s.flow)}${name ? ` (${name})` : ''}${s.flow.note ? ` # ${s.flow.note}` : ''}`;
    }
    case 'table-miss': return `table ${s.table}: no flow matched (drop)`;
    case 'vlan': return `vlan ${s.op} ${s.vlan} (${s.reason})`;
    case 'tunnel': return `${s.op} ${s.type} vni ${s.vni} ${s.local} → ${s.remote} port ${s.port}`;
    case 'mac': return s.op === 'hit' ? `mac ${s.mac} vlan ${s.vlan} → ${s.port}` : `flood ${s.mac} vlan ${s.vlan}`;
    case 'route': return `route ${s.destination} via ${s.route.destination}${s.route.via ? ` via ${s.route.via}` : ''} dev ${s.route.dev}`;
    case 'arp': return `arp ${s.ip} → ${s.mac ?? 'unresolved'}${s.permanent ? ' (permanent)' : s.cached ? ' (cached)' : ''}`;
    case 'ct': return `conntrack ${s.table}${s.zone ? ` zone ${s.zone}` : ''}: ${s.state}${s.conn ? ` (${s.dir === 'reply' ? 'reply of ' : ''}${s.conn})` : ''}`;
    case 'nat': return `${s.kind} ${s.before} → ${s.after}${s.rule && s.chain ? ` by ${ruleText(s.chain, s.rule)}` : ' (conntrack)'}`;
    case 'filter': return `${s.table} ${s.chain}: ${s.verdict}${s.rule && s.ruleChain ? ` by ${ruleText(s.ruleChain, s.rule)}` : ' (policy)'}${s.returned?.comment ? ` after ${s.returned.comment}` : ''}`;
    case 'mark': return `mark 0x${s.value.toString(16)} by ${ruleText(s.chain, s.rule)}`;
    case 'deliver': return `deliver to ${s.listener.process} on ${s.listener.proto} ${s.listener.path ?? `${s.listener.ip}:${s.listener.port}`}`;
    case 'relay': return `${s.process} relays to ${s.to}`;
    case 'dhcp': return `dnsmasq DHCP${s.message}: ${s.host ? `host entry ${s.host.mac},${s.host.ip}` : 'no host entry'}`;
    case 'lease': return `DHCP${s.message} ${s.ip}: ${s.options.map((o) => `${o.name} ${o.value || '(empty)'}`).join('; ')}`;
    case 'note': return s.text;
  }
}

/** Who answered a who-has, for the detailed view. */
export function answererText(by: ArpAnswerer | null): string {
  if (!by) return 'answered by no one';
  return by.kind === 'namespace'
    ? `answered by ${by.device}@${by.host} on ${by.iface}`
    : `answered by ${by.bridge}@${by.host} flow ${flowText(by.bridge, by.flow)}`;
}

export function dispositionText(d: Disposition): string {
  return d.direction === 'reply' ? `reply ${outcomeText(d)}` : outcomeText(d);
}

function outcomeText(d: Disposition): string {
  const at = `${d.at.device}@${d.at.host}`;
  switch (d.kind) {
    case 'delivered': return `delivered to ${d.to} (${at})`;
    case 'answered': return `answered by ${d.by} at ${at}: ${d.detail}`;
    case 'dropped': return `dropped at ${at}: ${d.reason} [${d.rule}]`;
    case 'no-route': return `no route to ${d.destination} at ${at}`;
    case 'loop': return `loop at ${at}: ${d.reason}`;
    case 'exits': return `exits the cloud via ${d.via} at ${at} as ${d.packet}`;
  }
}

export { actionText };
