import type { MatcherContext } from '../src/assert/matcher-context';
import { arpHits, arpHitsNote, arpLeftSender, requirePathOptions, type PathOptions } from '../src/assert/arp-option';
import { decisivePath } from '../src/assert/paths';
import { requireLocation } from '../src/assert/location-arg';
import { traceMessage } from '../src/assert/message';
import { requireTrace } from '../src/assert/received';
import { vacuityNote } from '../src/assert/vacuous';
import { attachTrace } from '../src/report/allure-attach';
import { hopMatches, type Location } from '../src/trace/location';

/**
 * The packet's path (and its reply's) never passes `location`: `toNeverTraverse('qrouter-*')`.
 * With `{ arp: true }` the frames of its ARP exchanges must not either (a who-has is flooded to
 * every port of its network, so without it they never count). Fails as vacuous when the packet
 * (and, with `arp`, every ARP frame) never left its sender, unless `{ evenIfNeverLeft: true }`.
 */
export function toNeverTraverse(this: MatcherContext, received: unknown, location: Location, options?: PathOptions) {
  const trace = requireTrace(this, 'toNeverTraverse', received);
  const loc = requireLocation(this, 'toNeverTraverse', location, trace);
  const opts = requirePathOptions(this, 'toNeverTraverse', options, trace);
  const vacuous = opts.arp && arpLeftSender(trace) ? undefined : vacuityNote(trace, !this.isNot, opts);
  const hits = decisivePath(trace).filter((h) => hopMatches(loc, h, trace));
  const arp = opts.arp ? arpHits(loc, trace) : [];
  const pass = !vacuous && hits.length === 0 && arp.length === 0;
  attachTrace(trace, hits);
  const notes = [arpHitsNote(arp), vacuous].filter(Boolean).join('\n\n') || undefined;
  return {
    pass,
    message: () => traceMessage(this, 'toNeverTraverse',
      pass ? 'Expected the packet to traverse' : 'Expected the packet never to traverse', loc, trace, hits, notes),
  };
}
