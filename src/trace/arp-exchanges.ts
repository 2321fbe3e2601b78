import { leaves } from './leaves';
import type { ArpExchange, Branch, Hop, Step, Trace } from './types';

/** A recorded ARP exchange with the step that asked for it and the hop where that step was. */
export interface ArpExchangeAt {
  step: Extract<Step, { t: 'arp' }>;
  hop: Hop;
  exchange: ArpExchange;
}

/**
 * Every ARP exchange a trace recorded, request and reply, in walk order: those its own hops
 * needed and those their frames needed in turn (a tunnel's underlay neighbour).
 */
export function arpExchangesOf(t: Trace): ArpExchangeAt[] {
  const out: ArpExchangeAt[] = [];
  const seen = new Set<ArpExchange>();
  const visit = (b: Branch | undefined) => {
    if (!b) return;
    for (const hop of b.hops) {
      for (const step of hop.steps) {
        if (step.t !== 'arp' || !step.exchange || seen.has(step.exchange)) continue;
        seen.add(step.exchange);
        out.push({ step, hop, exchange: step.exchange });
        visit(step.exchange.request);
        visit(step.exchange.answer);
      }
    }
    b.forks.forEach(visit);
  };
  visit(t.root);
  visit(t.reply);
  return out;
}

/** Every path (root to leaf) of an exchange's frames: each copy of the who-has, and the is-at. */
export function exchangePaths(e: ArpExchange): Hop[][] {
  const paths = leaves(e.request).map((l) => l.path);
  if (e.answer) for (const l of leaves(e.answer)) paths.push(l.path);
  return paths;
}

/** Every hop of an exchange's frames, each once. */
export function exchangeHops(e: ArpExchange): Hop[] {
  const out: Hop[] = [];
  const visit = (b: Branch) => { out.push(...b.hops); b.forks.forEach(visit); };
  visit(e.request);
  if (e.answer) visit(e.answer);
  return out;
}

/**
 * Whether a trace was walked without recording its exchanges (`arpExchanges: false`): an ARP step
 * resolved by an exchange (neither cached nor permanent) that carries none.
 */
export function exchangesUnrecorded(t: Trace): boolean {
  const visit = (b: Branch | undefined): boolean => !!b && (b.hops.some((h) => h.steps.some((s) => s.t === 'arp' && !s.cached && !s.permanent && !s.exchange)) || b.forks.some(visit));
  return visit(t.root) || visit(t.reply);
}
