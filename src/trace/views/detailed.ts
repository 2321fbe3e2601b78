import { dispositionText, stepDetail } from '../steps';
import type { Branch, Trace } from '../types';
import { printable } from '../../util/printable';
import { flowTitle, hopLine, type ViewOptions } from './minimal';

/** Every hop of every branch with every step and the state behind it, as a tree. */
export function renderDetailed(t: Trace, opts: ViewOptions = {}): string {
  const lines = [flowTitle(t)];
  const width = 9;
  const walk = (b: Branch, indent: string) => {
    for (const h of b.hops) {
      lines.push(`${indent}${opts.mark?.has(h) ? '✗ ' : ''}${hopLine(h, width)}`);
      for (const s of h.steps) lines.push(`${indent}    ${stepDetail(s)}`);
    }
    if (b.end) lines.push(`${indent}  = ${dispositionText(b.end)}`);
    b.forks.forEach((f, i) => {
      lines.push(`${indent}  fork ${i + 1}/${b.forks.length}:`);
      walk(f, `${indent}    `);
    });
  };
  walk(t.root, '');
  if (t.reply) { lines.push('reply:'); walk(t.reply, ''); }
  lines.push(`result: ${dispositionText(t.disposition)}`);
  return lines.map(printable).join('\n');
}
