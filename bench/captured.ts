/**
 * `npm run bench:captured`: what reading a capture costs. Each generated cloud's data plane is
 * written in the capture layout (writeCapture), then read back (readCaptured: every parser, the
 * assembly, the logical cloud given), and the plane read back is traced as the realized one is.
 * Then `netspec drift` of the capture from its own cloud (realize, then compare every item; none
 * should differ). Single-threaded, wall-clock, best of three runs.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCaptured, writeCapture } from '../src/captured';
import { drift } from '../src/drift';
import { normalizeCloud } from '../src/model/normalize';
import { realize } from '../src/realize';
import { simulate } from '../src/simulation';
import { generateCloudSpec } from './generate-cloud';
import { timed } from './measure';
import { int, ms, table } from './table';

const SIZES = [
  { instances: 100, computeHosts: 5, networks: 10 },
  { instances: 1000, computeHosts: 50, networks: 100 },
];

function lines(dir: string): { files: number; lines: number } {
  let files = 0, n = 0;
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) { const s = lines(p); files += s.files; n += s.lines; } else { files++; n += readFileSync(p, 'utf8').split('\n').length - 1; }
  }
  return { files, lines: n };
}

function bench(): void {
  console.log('== reading a capture: netspec\'s own plane written in the capture layout, then read back\n');
  const rows: string[][] = [];
  for (const size of SIZES) {
    const cloud = normalizeCloud(generateCloudSpec({ ...size, seed: 1 }), 'generated');
    const dp = realize(cloud);
    const dir = mkdtempSync(path.join(tmpdir(), 'netspec-bench-capture-'));
    try {
      const written = timed(() => writeCapture(dir, dp, cloud));
      const { files, lines: n } = lines(dir);
      let best = Infinity;
      let captured = readCaptured(dir, { cloud });
      for (let i = 0; i < 3; i++) { const r = timed(() => readCaptured(dir, { cloud })); best = Math.min(best, r.ms); captured = r.value; }
      // drift of the capture from the cloud it was written from: realize, then compare (none expected).
      let driftMs = Infinity, drifted = 0, compared = 0;
      for (let i = 0; i < 3; i++) {
        const r = timed(() => drift(cloud, captured));
        driftMs = Math.min(driftMs, r.ms);
        drifted = r.value.items.length;
        compared = Object.values(r.value.compared).reduce((n, x) => n + (x ?? 0), 0);
      }
      const real = simulate(cloud), read = simulate(cloud, captured.dataplane);
      const names = cloud.instances.slice(0, 50).map((i) => i.name);
      let same = 0, pairs = 0;
      for (const from of names.slice(0, 10)) for (const to of names) {
        if (from === to) continue;
        pairs++;
        if (read.trace(from, to).disposition.kind === real.trace(from, to).disposition.kind) same++;
      }
      rows.push([`${int(size.instances)} instances, ${size.computeHosts} hosts, ${size.networks} networks`, int(files), int(n), ms(written.ms), ms(best),
        int(Math.round(n / (best / 1000))), int(captured.notUnderstood.length), `${same}/${pairs}`, ms(driftMs), `${int(drifted)} of ${int(compared)}`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(table(['cloud', 'files', 'lines', 'write', 'read', 'lines/s', 'not understood', 'same disposition', 'drift', 'drift items'], rows));
}

bench();
