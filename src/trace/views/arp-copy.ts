import { arpExchangesOf, exchangePaths } from '../arp-exchanges';
import type { Hop, Trace } from '../types';
import { printable } from '../../util/printable';
import { hopLine } from './minimal';

/**
 * The copy of an ARP frame that passed `hop`, drawn like the minimal view with `hop` marked: a
 * counterexample blamed on an ARP frame shows where that frame went, which the minimal view (the
 * packet's own path) does not draw. Undefined when no exchange of the trace passed `hop`.
 */
export function renderArpCopy(t: Trace, hop: Hop): string | undefined {
  for (const { step, hop: asker, exchange } of arpExchangesOf(t)) {
    const path = exchangePaths(exchange).find((p) => p.includes(hop));
    if (!path) continue;
    const width = Math.max(...path.map((h) => h.host.length));
    const lines = path.slice(0, path.indexOf(hop) + 1).map((h) => `${h === hop ? '✗ ' : '  '}${hopLine(h, width)}`);
    return [`ARP who-has ${step.ip} from ${asker.device}@${asker.host}, the copy that went there:`, ...lines].map(printable).join('\n');
  }
  return undefined;
}
