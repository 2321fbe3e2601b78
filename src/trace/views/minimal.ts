import { BRIDGE } from '../../dataplane/names';
import { printable } from '../../util/printable';
import { mainPath } from '../leaves';
import { dispositionText, stepLabel } from '../steps';
import type { Branch, Hop, Trace } from '../types';

export interface ViewOptions {
  /** Hops to mark as offending (a matcher's failing hop). */
  mark?: ReadonlySet<Hop>;
}

export function flowTitle(t: Trace): string {
  const f = t.flow;
  const ports = f.dport !== undefined ? `:${f.sport} → ${f.dst}:${f.dport}` : ` → ${f.dst}`;
  const dhcp = f.dhcp ? ` DHCP${f.dhcp}` : '';
  return `${f.from} → ${f.to}: ${f.proto} ${f.src}${ports}${dhcp}`;
}

/**
 * Bridges are indented under the namespaces they serve, as ovn-trace nests pipelines:
 * Linux bridges and physical segments one step, br-int two, the bridges behind it three.
 */
export function nesting(h: Hop): string {
  if (h.kind === 'linux-bridge') return '  ';
  if (h.kind === 'ovs') return h.device === BRIDGE.integration ? '    ' : '      ';
  return '';
}

/** One line per hop: host, device (and its owner), in → out, and what changed there. */
export function hopLine(h: Hop, hostWidth: number): string {
  const owner = h.owner && h.owner !== h.device && h.role !== 'root' ? ` (${h.owner})` : '';
  const ports = h.in && h.out ? `${h.in} → ${h.out}` : h.in ? h.in : h.out ? `→ ${h.out}` : '';
  const labels: string[] = [];
  if (h.kind === 'ovs' && h.vlan) labels.push(`vlan ${h.vlan}`);
  for (const s of h.steps) {
    const l = stepLabel(s);
    if (l) labels.push(l);
  }
  return `${printable(h.host).padEnd(hostWidth)}  ${nesting(h)}${h.device}${owner}${ports ? ` ${ports}` : ''}${labels.length ? `  [${labels.join('; ')}]` : ''}`;
}

function pathLines(path: Hop[], width: number, opts: ViewOptions): string[] {
  return path.map((h) => `${opts.mark?.has(h) ? '✗ ' : '  '}${hopLine(h, width)}`);
}

/**
 * The minimal view: the path that decided the outcome (a flood's other branches are counted, not
 * drawn), then the reply. This is what matchers print and what snapshots store.
 */
export function renderMinimal(t: Trace, opts: ViewOptions = {}): string {
  const path = mainPath(t.root);
  const reply = t.reply ? mainPath(t.reply) : [];
  const width = Math.max(0, ...path.map((h) => printable(h.host).length), ...reply.map((h) => printable(h.host).length));
  const lines = [flowTitle(t), ...pathLines(path, width, opts)];
  const forks = countLeaves(t.root) - 1;
  if (forks > 0) lines.push(`  (+${forks} other flood branch${forks === 1 ? '' : 'es'})`);
  if (t.reply) lines.push('reply:', ...pathLines(reply, width, opts));
  lines.push(dispositionText(t.disposition));
  // Names are data: one line each, whatever they hold.
  return lines.map(printable).join('\n');
}

export function countLeaves(b: Branch): number {
  return (b.end ? 1 : 0) + b.forks.reduce((n, f) => n + countLeaves(f), 0);
}
