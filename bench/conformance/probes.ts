/**
 * A probe's three outcomes (the real one, netspec's trace on the captured state and on the
 * imported cloud's simulated state) and the table that shows them side by side. probes.json
 * holds ProbeResult[]: the fixture tests re-trace each probe on the committed capture.
 */
import { traceFlow } from '../../src/flows';
import type { Dataplane } from '../../src/dataplane/types';

export interface Outcome { ok: boolean; detail: string }

export interface ProbeResult {
  probe: string;
  kind: 'dhcp' | 'ping' | 'metadata' | 'tcp';
  from: string;
  /** ping: the instance pinged. */
  to?: string;
  /** tcp: the address and port connected to. */
  address?: string;
  dport?: number;
  real: Outcome;
  captured?: Outcome;
  simulated?: Outcome;
}

/** The probe as a netspec trace: it works when delivered, answered or out of the cloud. */
export function traceProbe(dp: Dataplane, p: ProbeResult): Outcome {
  try {
    const t = p.kind === 'dhcp' ? traceFlow(dp, p.from, 'dhcp')
      : p.kind === 'ping' ? traceFlow(dp, p.from, p.to!)
        : p.kind === 'metadata' ? traceFlow(dp, p.from, 'metadata')
          : traceFlow(dp, p.from, p.address!, { proto: 'tcp', dport: p.dport });
    const d = t.disposition;
    const detail = d.kind === 'dropped' ? `dropped: ${d.reason}` : d.kind === 'no-route' ? `no route to ${d.destination}` : d.kind;
    return { ok: ['delivered', 'answered', 'exits'].includes(d.kind), detail };
  } catch (e) {
    return { ok: false, detail: `error: ${(e as Error).message}` };
  }
}

const word = (o: Outcome | undefined) => (o === undefined ? '-' : o.ok ? 'works' : 'fails');

export function writeProbeTable(results: ProbeResult[], out: (s: string) => void): void {
  const w = Math.max(5, ...results.map((r) => r.probe.length));
  out(`${'probe'.padEnd(w)}  real   captured  simulated  agree?`);
  for (const r of results) {
    const agree = r.captured?.ok === r.real.ok && r.simulated?.ok === r.real.ok;
    out(`${r.probe.padEnd(w)}  ${word(r.real).padEnd(6)} ${word(r.captured).padEnd(9)} ${word(r.simulated).padEnd(10)} ${agree ? 'yes' : 'NO'}`);
    if (!agree) {
      out(`${' '.repeat(w)}    real: ${r.real.detail}; captured: ${r.captured?.detail}; simulated: ${r.simulated?.detail}`);
    }
  }
}
