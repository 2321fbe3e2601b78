import type { MatcherContext } from './matcher-context';
import { matcherError } from './received';
import { VACUITY_OPTION, type VacuityOptions } from './vacuous';
import { arpExchangesOf, exchangeHops, exchangesUnrecorded } from '../trace/arp-exchanges';
import { hopMatches, type Location } from '../trace/location';
import { hopLine } from '../trace/views/minimal';
import type { Hop, Trace } from '../trace/types';

/**
 * Options of `toTraverse` and `toNeverTraverse`. They judge the packet's own path and its reply's;
 * the frames of the ARP exchanges the trace needed (a who-has flooded to every port of its
 * network, the qrouter's included) count only with `arp: true`.
 */
export interface PathOptions extends VacuityOptions {
  /** Count the hops of the trace's ARP exchanges too: each who-has copy and each is-at. */
  arp?: boolean;
}

const KEYS = new Set([VACUITY_OPTION, 'arp']);

/** Checks the options argument of a path matcher. */
export function requirePathOptions(ctx: MatcherContext, matcher: string, opts: unknown, trace: Trace): PathOptions {
  if (opts === undefined) return {};
  const ok = typeof opts === 'object' && opts !== null && !Array.isArray(opts)
    && Object.entries(opts).every(([k, v]) => KEYS.has(k) && (v === undefined || typeof v === 'boolean'));
  if (!ok) matcherError(ctx, matcher, `expected options must be an object like { ${VACUITY_OPTION}?: boolean, arp?: boolean }`, opts, 'Expected');
  const o = opts as PathOptions;
  // A trace walked without its exchanges has no ARP frames to judge: saying it never traversed would be vacuous.
  if (o.arp && exchangesUnrecorded(trace)) {
    matcherError(ctx, matcher, 'the trace holds no ARP exchanges to judge { arp: true } against: it was traced with { arpExchanges: false }', opts, 'Expected');
  }
  return o;
}

/** A hop of an ARP exchange at the location, with the address the who-has asked for. */
export interface ArpHit { ip: string; asker: Hop; hop: Hop }

/** The hops of the trace's ARP exchanges that are at `loc`, each once. */
export function arpHits(loc: Location, t: Trace): ArpHit[] {
  const out: ArpHit[] = [];
  const seen = new Set<Hop>();
  for (const { step, hop: asker, exchange } of arpExchangesOf(t)) {
    for (const hop of exchangeHops(exchange)) {
      if (seen.has(hop) || !hopMatches(loc, hop, t)) continue;
      seen.add(hop);
      out.push({ ip: step.ip, asker, hop });
    }
  }
  return out;
}

/** Whether any frame of the trace's ARP exchanges left the sender. */
export function arpLeftSender(t: Trace): boolean {
  const first = t.root.hops[0];
  return arpExchangesOf(t).some(({ exchange }) => exchangeHops(exchange).some((h) => !first || h.host !== first.host || h.device !== first.device));
}

/** The note under a path matcher's message that lists the ARP hops at the location, marked. */
export function arpHitsNote(hits: ArpHit[]): string | undefined {
  if (!hits.length) return undefined;
  const width = Math.max(...hits.map((h) => h.hop.host.length));
  return `ARP frames at the location:\n${hits.map((h) => `  ✗ who-has ${h.ip} from ${h.asker.device}@${h.asker.host}: ${hopLine(h.hop, width).trim()}`).join('\n')}`;
}
