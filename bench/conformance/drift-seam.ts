/**
 * Where the conformance run shows drift (realize vs the captured state): `netspec drift` when this
 * build has it, else a line saying so.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export function printDrift(repo: string, topologyFile: string, capturedDir: string, out: (s: string) => void): void {
  if (!existsSync(path.join(repo, 'src', 'drift'))) { out('drift: not available in this build'); return; }
  const r = spawnSync(process.execPath, [path.join(repo, 'bin', 'netspec'), 'drift', '--topology', topologyFile, '--captured', capturedDir], { encoding: 'utf8' });
  out(`${r.stdout}${r.stderr}`.trimEnd());
}
