import type { Dataplane, Namespace } from '../dataplane/types';

/**
 * What is missing from the data plane for a namespace's process to answer: the namespace itself
 * (no agent built it), the process, or the process is stopped. `undefined` when all are there, so
 * a counterexample can name the cause instead of where the last copy of a flood died.
 */
export function missingService(dp: Dataplane, namespace: string, what: { process?: string; port?: number }): string | undefined {
  const found = dp.hosts.flatMap((h) => h.devices.filter((d): d is Namespace => d.kind === 'namespace' && d.name === namespace)
    .map((ns) => ({ host: h.name, ns })));
  if (!found.length) return `no ${namespace} namespace on any host (no agent built it)`;
  for (const { host, ns } of found) {
    const listeners = ns.listeners.filter((l) => (what.process === undefined || l.process === what.process) && (what.port === undefined || l.port === what.port));
    const label = what.process ?? `a process on port ${what.port}`;
    if (!listeners.length) return `${namespace}@${host} has no ${label}`;
    if (!listeners.some((l) => l.running)) return `${label} in ${namespace}@${host} is not running`;
  }
  return undefined;
}
