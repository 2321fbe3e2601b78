/**
 * Where the conformance run shows drift (realize vs the captured state): `netspec drift`, as a
 * user runs it, on the cloud the run imported and the state it captured.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export function printDrift(repo: string, topologyFile: string, capturedDir: string, out: (s: string) => void): void {
  const r = spawnSync(process.execPath, [path.join(repo, 'bin', 'netspec'), 'drift', '--topology', topologyFile, '--captured', capturedDir], { encoding: 'utf8' });
  out(`${r.stdout}${r.stderr}`.trimEnd());
}
