/**
 * The mutation score of the built-in invariants (`npm run mutation`): every fault kind of the
 * catalogue injected at many places of the reference cloud (two variants) and of generated
 * clouds, each mutant classified as equivalent (no flow's trace changes), caught (an invariant
 * has a counterexample) or missed. Prints the table, examples of missed mutants, and the
 * generation and tracing throughput.
 *
 *   node dist/src/mutation/run.js [--clouds 40] [--per-kind 6] [--seed 42] [--examples 3] [--json out.json]
 */
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { cloud as cloudArb } from '../arbitraries/cloud';
import { describeCloud } from '../arbitraries/_internals/describe';
import { cloudBuilder } from '../model/builder';
import { referenceCloud, referenceCloudSpec } from '../model/reference';
import { realize } from '../realize';
import { CHANGES, scoreMutants, type LabelledCloud } from './score';
import { proposedInvariants } from './proposed';
import { renderReport } from './table';

interface Args { clouds: number; perKind: number; seed: number; examples: number; json?: string }

function parseArgs(argv: string[]): Args {
  const args: Args = { clouds: 40, perKind: 6, seed: 42, examples: 3 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const num = () => { const n = Number(value); if (!Number.isFinite(n) || n < 0) usage(`${flag} needs a number`); i++; return n; };
    if (flag === '--clouds') args.clouds = num();
    else if (flag === '--per-kind') args.perKind = num() || Infinity;
    else if (flag === '--seed') args.seed = num();
    else if (flag === '--examples') args.examples = num();
    else if (flag === '--json') { if (!value) usage('--json needs a file'); args.json = value; i++; }
    else usage(`unknown argument ${flag}`);
  }
  return args;
}

function usage(message: string): never {
  process.stderr.write(`mutation: ${message}\nusage: node dist/src/mutation/run.js [--clouds N] [--per-kind K (0: every place)] [--seed S] [--examples N] [--json FILE]\n`);
  process.exit(2);
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));

  // Generation throughput, over at least 500 clouds: draw, normalize (inside arb.cloud) and realize.
  const t0 = performance.now();
  const sampled = fc.sample(cloudArb(), { numRuns: Math.max(args.clouds, 500), seed: args.seed });
  const tGen = performance.now() - t0;
  const t1 = performance.now();
  for (const c of sampled) realize(c);
  const tRealize = performance.now() - t1;
  const generated = sampled.slice(0, args.clouds);

  const reference: LabelledCloud[] = [
    { label: 'reference', cloud: referenceCloud() },
    { label: 'reference [ovsfw]', cloud: cloudBuilder.from(referenceCloudSpec).options({ firewall_driver: 'openvswitch' }).build() },
    { label: 'reference [no-l2pop]', cloud: cloudBuilder.from(referenceCloudSpec).options({ l2_population: false }).build() },
  ];
  // The reference clouds get every place of every kind; generated clouds a sample per kind.
  const options = { seed: args.seed, examples: args.examples, proposed: proposedInvariants };
  const ref = scoreMutants(reference, { ...options, perKind: Infinity });
  const gen = scoreMutants(generated.map((c) => ({ label: describeCloud(c), cloud: c })), { ...options, perKind: args.perKind });
  const report = merge(ref, gen, args.examples);

  const perSec = (n: number, ms: number) => (ms > 0 ? (n / ms) * 1000 : 0).toFixed(0);
  const out = [
    `mutation score of the built-in invariants — ${report.clouds} clouds (3 reference variants with every place, ${gen.clouds} generated with up to ${args.perKind} places per kind; seed ${args.seed})`,
    '',
    renderReport(report),
    '',
    'throughput:',
    `  generation   ${perSec(sampled.length, tGen)} clouds/s drawn and normalized (arb.cloud), ${perSec(sampled.length, tGen + tRealize)} clouds/s drawn and realized (${sampled.length} clouds)`,
    `  tracing      ${perSec(report.traces, report.traceMs)} flows/s (${report.traces} traces in ${(report.traceMs / 1000).toFixed(1)} s, on fresh data planes)`,
    `  total        ${(report.durationMs / 1000).toFixed(1)} s`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  if (args.json) writeFileSync(args.json, JSON.stringify({ args, report, throughput: { generationMs: tGen, realizeMs: tRealize } }, null, 2));
}

function merge(a: ReturnType<typeof scoreMutants>, b: ReturnType<typeof scoreMutants>, examples: number): ReturnType<typeof scoreMutants> {
  return {
    kinds: a.kinds.map((k, i) => {
      const o = b.kinds[i];
      const caughtBy = { ...k.caughtBy };
      for (const [n, c] of Object.entries(o.caughtBy)) caughtBy[n] = (caughtBy[n] ?? 0) + c;
      const proposedBy = { ...k.proposedBy };
      for (const [n, c] of Object.entries(o.proposedBy)) proposedBy[n] = (proposedBy[n] ?? 0) + c;
      return {
        kind: k.kind, caughtByProposed: k.caughtByProposed + o.caughtByProposed, proposedBy, injected: k.injected + o.injected, equivalent: k.equivalent + o.equivalent, caught: k.caught + o.caught,
        missed: k.missed + o.missed, caughtBy,
        missedBy: Object.fromEntries(CHANGES.map((c) => [c, k.missedBy[c] + o.missedBy[c]])) as typeof k.missedBy,
        examples: [...k.examples, ...o.examples].sort((x, y) => CHANGES.indexOf(x.change) - CHANGES.indexOf(y.change)).slice(0, examples),
      };
    }),
    clouds: a.clouds + b.clouds,
    unhealthy: [...a.unhealthy, ...b.unhealthy],
    engineErrors: [...a.engineErrors, ...b.engineErrors],
    traces: a.traces + b.traces,
    traceMs: a.traceMs + b.traceMs,
    durationMs: a.durationMs + b.durationMs,
  };
}

main();
