import { answererText, dispositionText, stepDetail } from '../steps';
import type { ArpExchange, Branch, Trace } from '../types';
import { printable } from '../../util/printable';
import { ovsBridgeOf, tableNameOf } from '../../dataplane/tables';
import { dataplaneOf } from '../network-of-hop';
import { flowTitle, hopLine, type ViewOptions } from './minimal';

/** Every hop of every branch with every step and the state behind it, as a tree. */
export function renderDetailed(t: Trace, opts: ViewOptions = {}): string {
  const lines = [flowTitle(t)];
  const width = 9;
  // Tables are named by the bridge that holds them, as the data plane records it.
  const dp = dataplaneOf(t);
  const walk = (b: Branch, indent: string) => {
    for (const h of b.hops) {
      lines.push(`${indent}${opts.mark?.has(h) ? '✗ ' : ''}${hopLine(h, width)}`);
      const tableName = dp && h.kind === 'ovs' ? (bridge: string, table: number) => tableNameOf(ovsBridgeOf(dp, h.host, bridge), table) : undefined;
      for (const s of h.steps) {
        lines.push(`${indent}    ${stepDetail(s, tableName)}`);
        if (s.t === 'arp' && s.exchange) exchange(s.ip, s.exchange, `${indent}      `);
      }
    }
    if (b.end) lines.push(`${indent}  = ${dispositionText(b.end)}`);
    b.forks.forEach((f, i) => {
      lines.push(`${indent}  fork ${i + 1}/${b.forks.length}:`);
      walk(f, `${indent}    `);
    });
  };
  // An ARP exchange's own frames, under the step that needed them: the who-has (forks per flood
  // copy), who answered, and the is-at walked back.
  const exchange = (ip: string, e: ArpExchange, indent: string) => {
    lines.push(`${indent}who-has ${ip}:`);
    walk(e.request, `${indent}  `);
    lines.push(`${indent}${answererText(e.by)}`);
    if (e.answer) { lines.push(`${indent}is-at:`); walk(e.answer, `${indent}  `); }
  };
  walk(t.root, '');
  if (t.reply) { lines.push('reply:'); walk(t.reply, ''); }
  lines.push(`result: ${dispositionText(t.disposition)}`);
  return lines.map(printable).join('\n');
}
