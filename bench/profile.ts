/**
 * CPU-profiles one phase only (setup excluded) through the inspector, writes the `.cpuprofile`
 * and prints the top functions by self time. Build with source maps to see `.ts` lines:
 *
 *   npx tsc -p tsconfig.build.json --sourceMap --outDir <dir>
 *   node <dir>/bench/profile.js trace-large [all|l2-local|...] [ms] [out.cpuprofile]
 *
 * Phases: `trace-reference` and `trace-large` (warm traces, round-robin over the flow kinds),
 * `build-large` (normalize + realize + compile of the generated cloud, repeated).
 */
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Dataplane } from '../src/dataplane/types';
import type { Cloud } from '../src/model/types';
import { normalizeCloud } from '../src/model/normalize';
import { referenceCloud } from '../src/model/reference';
import { realize } from '../src/realize';
import { runtimeOf } from '../src/engine';
import { traceFlow } from '../src/flows';
import { FLOW_KINDS, FlowPicker, type FlowCase, type FlowKind } from './flows';
import { generateCloudSpec, prng } from './generate-cloud';
import { msSince, now } from './measure';
import { topSelf, type CpuProfile } from './cpuprofile-top';

const [phase = 'trace-large', kindArg = 'all', msArg = '3000', out = path.join(os.tmpdir(), `netspec-${phase}-${kindArg}.cpuprofile`)] = process.argv.slice(2);
const budgetMs = Number(msArg);
const LARGE = { computeHosts: 100, networks: 500, instances: 5000, seed: 1 };

function post<T>(s: Session, method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) => s.post(method, params, (err: Error | null, res?: unknown) => (err ? reject(err) : resolve(res as T))));
}

/** Warm cases of the requested kinds, each traced once so learning is done before profiling. */
function warmCases(cloud: Cloud, dp: Dataplane): FlowCase[] {
  const kinds = kindArg === 'all' ? FLOW_KINDS.map((k) => k.id) : [kindArg as FlowKind];
  const picker = new FlowPicker(cloud, prng(42));
  const cases = kinds.flatMap((k) => picker.pick(k, phase === 'trace-large' ? 200 : 1));
  for (const c of cases) traceFlow(dp, c.from, c.to);
  return cases;
}

async function main(): Promise<void> {
  let work: () => void;
  if (phase === 'build-large') {
    const spec = generateCloudSpec(LARGE);
    work = () => { runtimeOf(realize(normalizeCloud(spec, 'generated'))); };
  } else {
    const cloud = phase === 'trace-large' ? normalizeCloud(generateCloudSpec(LARGE), 'generated') : referenceCloud();
    const dp = realize(cloud);
    const cases = warmCases(cloud, dp);
    if (!cases.length) throw new Error(`no ${kindArg} cases in ${phase}`);
    let i = 0;
    work = () => { for (let b = 0; b < 100; b++, i++) traceFlow(dp, cases[i % cases.length].from, cases[i % cases.length].to); };
  }
  const s = new Session();
  s.connect();
  await post(s, 'Profiler.enable');
  await post(s, 'Profiler.setSamplingInterval', { interval: 100 }); // µs
  await post(s, 'Profiler.start');
  const t0 = now();
  let rounds = 0;
  while (msSince(t0) < budgetMs) { work(); rounds++; }
  const { profile } = await post<{ profile: CpuProfile }>(s, 'Profiler.stop');
  s.disconnect();
  writeFileSync(out, JSON.stringify(profile));
  console.log(`${phase} ${kindArg}: ${rounds} rounds in ${msSince(t0).toFixed(0)} ms → ${out}`);
  for (const r of topSelf(profile).slice(0, 25)) {
    console.log(`${r.ms.toFixed(1).padStart(9)} ms ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.name}  ${r.where}`);
  }
}

void main();
