import { parseArgs } from 'node:util';
import { traceFlow } from '../flows';
import { realize } from '../realize';
import { readCaptured } from '../captured';
import { bootGuests } from '../engine/dhclient';
import { VIEWS, renderTrace, type ViewName } from '../trace/views';
import { loadCloud } from './load-cloud';
import { rejectEmptyPaths } from './path-options';
import { UsageError } from './usage-error';

export const TRACE_USAGE = `usage: netspec trace [--topology FILE] [--captured DIR] --from INSTANCE|internet|IP --to INSTANCE|IP|internet|dhcp|metadata
                    [--proto icmp|tcp|udp] [--dport N] [--dhcp discover|request]
                    [--view minimal|summary|detailed|json|svg]

Walks one packet through the data plane that Neutron's agents would build for the cloud
(the built-in reference cloud without --topology) and prints the path, one line per hop.
With --captured DIR, the packet walks the state a capture holds (see netspec import --captured)
instead; --topology (else DIR/openstack/) then only names its instances.
Exit status: 0 when the packet is delivered, answered or leaves the cloud; 1 when it is
dropped, finds no route or loops; 2 on a usage or topology error.`;

const PROTOS = ['icmp', 'tcp', 'udp'] as const;

export function traceCommand(argv: string[], out: (s: string) => void): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      topology: { type: 'string' }, captured: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, proto: { type: 'string' },
      dport: { type: 'string' }, view: { type: 'string', default: 'minimal' }, dhcp: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) { out(TRACE_USAGE); return 0; }
  rejectEmptyPaths(values, { topology: 'file', captured: 'directory' });
  if (!values.from || !values.to) throw new UsageError('trace needs --from and --to (see netspec trace --help)');
  const view = values.view as ViewName;
  if (!VIEWS.includes(view)) throw new UsageError(`--view must be one of ${VIEWS.join(', ')}, not ${JSON.stringify(values.view)}`);
  const proto = values.proto as (typeof PROTOS)[number] | undefined;
  if (proto !== undefined && !PROTOS.includes(proto)) throw new UsageError(`--proto must be one of ${PROTOS.join(', ')}, not ${JSON.stringify(proto)}`);
  let dport: number | undefined;
  if (values.dport !== undefined) {
    dport = Number(values.dport);
    if (!Number.isInteger(dport) || dport < 1 || dport > 65535) throw new UsageError(`--dport must be a port number 1-65535, not ${JSON.stringify(values.dport)}`);
  }
  const dhcp = values.dhcp?.toUpperCase();
  if (dhcp !== undefined && dhcp !== 'DISCOVER' && dhcp !== 'REQUEST') throw new UsageError('--dhcp must be discover or request');
  const dp = values.captured !== undefined
    ? bootGuests(readCaptured(values.captured, { cloud: values.topology ? loadCloud(values.topology) : undefined }).dataplane)
    : realize(loadCloud(values.topology));
  const trace = traceFlow(dp, values.from, values.to, { proto, dport, dhcp });
  out(renderTrace(trace, view));
  const ok = ['delivered', 'answered', 'exits'].includes(trace.disposition.kind);
  return ok ? 0 : 1;
}
