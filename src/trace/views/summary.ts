import { leaves, mainPath } from '../leaves';
import { dispositionText } from '../steps';
import type { Hop, Trace } from '../types';
import { printable } from '../../util/printable';
import { flowTitle } from './minimal';

/** Host by host: which devices the packet crossed on each host, then every branch's outcome. */
export function renderSummary(t: Trace): string {
  const lines = [flowTitle(t)];
  const byHost = (path: Hop[]) => {
    const groups: { host: string; devices: string[] }[] = [];
    for (const h of path) {
      const last = groups[groups.length - 1];
      const name = h.owner && h.role !== 'root' && h.owner !== h.device ? `${h.device} (${h.owner})` : h.device;
      if (last && last.host === h.host) last.devices.push(name); else groups.push({ host: h.host, devices: [name] });
    }
    return groups.map((g) => `  ${g.host}: ${g.devices.join(' → ')}`);
  };
  lines.push(...byHost(mainPath(t.root)));
  const all = leaves(t.root);
  if (all.length > 1) {
    lines.push(`  ${all.length} branches:`);
    for (const l of all) lines.push(`    ${dispositionText(l.end)}`);
  }
  if (t.reply) lines.push('reply:', ...byHost(mainPath(t.reply)));
  lines.push(dispositionText(t.disposition));
  return lines.map(printable).join('\n');
}
