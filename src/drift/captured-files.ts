import type { CapturedPlane } from '../captured';

/** Whether a namespace's file of the capture layout was captured (`ip-route.txt`, `ss.txt`, …). */
export type Captured = (namespace: string, file: string) => boolean;

/** The directory a namespace's files sit in, as netspec-capture.sh names it. */
export function namespaceDir(namespace: string): string {
  return namespace === 'root' ? 'root' : `netns/${namespace.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

export function capturedFiles(captured: CapturedPlane, node: string): { ns: Captured; file: (f: string) => boolean } {
  const absent = new Set(captured.absent);
  return {
    ns: (namespace, f) => !absent.has(`${node}/${namespaceDir(namespace)}/${f}`),
    file: (f) => !absent.has(`${node}/${f}`),
  };
}

/**
 * The captured lines the parsers left out, by file: state that may hold what realize builds (an
 * openvswitch-firewall flow matching registers), which the comparison cannot see.
 */
export function notUnderstoodByFile(captured: CapturedPlane): Map<string, number> {
  const out = new Map<string, number>();
  for (const n of captured.notUnderstood) if (n.line > 0) out.set(n.file, (out.get(n.file) ?? 0) + 1);
  return out;
}
