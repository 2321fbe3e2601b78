/**
 * The mutation score of the built-in invariants (`npm run mutation`): every fault kind of the
 * catalogue injected at every place of the reference cloud (four variants, one with router1 HA), of one cloud
 * per newer mode (DVR, trunk, the security-group features under both drivers; src/mutation/clouds.ts),
 * and at a sample of places of generated clouds. A mutant is caught when an invariant has a counterexample,
 * observable but missed when none has and yet a flow of the exhaustive check changed its trace,
 * equivalent otherwise.
 * Prints a table for the reference variants, one per mode cloud (its kinds without a place there left
 * out) and one for the generated clouds, every observable
 * but missed mutant of the reference variants (and a few of the generated ones), the time
 * tracing took, and the generation throughput of arb.cloud.
 *
 *   node dist/src/mutation/run.js [--clouds 40] [--per-kind 6] [--seed 42] [--missed 20] [--json out.json]
 */
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { cloud as cloudArb } from '../arbitraries/cloud';
import { describeCloud } from '../arbitraries/_internals/describe';
import { realize } from '../realize';
import { modeVariants, referenceVariants } from './clouds';
import { scoreMutants, type MutationReport } from './score';
import { proposedInvariants } from './proposed';
import { renderMissed, renderTable } from './table';

interface Args { clouds: number; perKind: number; seed: number; missed: number; json?: string }

function parseArgs(argv: string[]): Args {
  const args: Args = { clouds: 40, perKind: 6, seed: 42, missed: 20 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const num = () => { const n = Number(value); if (!Number.isFinite(n) || n < 0) usage(`${flag} needs a number`); i++; return n; };
    if (flag === '--clouds') args.clouds = num();
    else if (flag === '--per-kind') args.perKind = num() || Infinity;
    else if (flag === '--seed') args.seed = num();
    else if (flag === '--missed') args.missed = num();
    else if (flag === '--json') { if (!value) usage('--json needs a file'); args.json = value; i++; }
    else usage(`unknown argument ${flag}`);
  }
  return args;
}

function usage(message: string): never {
  process.stderr.write(`mutation: ${message}\nusage: node dist/src/mutation/run.js [--clouds N] [--per-kind K (0: every place)] [--seed S] [--missed N (generated clouds' missed mutants shown)] [--json FILE]\n`);
  process.exit(2);
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const reference = referenceVariants();
  // Generation throughput, over at least 500 clouds: draw, normalize (inside arb.cloud) and realize.
  const t0 = performance.now();
  const sampled = fc.sample(cloudArb(), { numRuns: Math.max(args.clouds, 500), seed: args.seed });
  const tGen = performance.now() - t0;
  const t1 = performance.now();
  for (const c of sampled) realize(c);
  const tRealize = performance.now() - t1;
  const generated = sampled.slice(0, args.clouds);
  const options = { seed: args.seed, proposed: proposedInvariants };
  const ref = scoreMutants(reference, { ...options, perKind: Infinity });
  // Each mode's cloud on its own: the score of its kinds is the mode's, not diluted by the others.
  const modes = modeVariants().map((c) => ({ label: c.label, report: scoreMutants([c], { ...options, perKind: Infinity }) }));
  const gen = scoreMutants(generated.map((c) => ({ label: describeCloud(c), cloud: c })), { ...options, perKind: args.perKind });

  const out = [
    `mutation score of the built-in invariants (score = caught / observable; equivalent: every invariant holds and no flow of the exhaustive check changes its trace)`,
    '',
    `reference variants (${ref.clouds} clouds, every place of every kind):`,
    renderTable(ref), '', renderMissed(ref), '',
    ...modes.flatMap(({ label, report }) => [`${label} (every place of every kind that has one there):`, renderTable(report, { placed: true }), '', renderMissed(report), '']),
    `generated clouds (${gen.clouds} clouds, up to ${args.perKind} places per kind; seed ${args.seed}):`,
    renderTable(gen), '', renderMissed(gen, args.missed), '',
    'time:', timing('reference', ref), ...modes.map(({ label, report }) => timing(label, report)), timing('generated', gen),
    `  generation ${perSec(sampled.length, tGen)} clouds/s drawn and normalized (arb.cloud), ${perSec(sampled.length, tGen + tRealize)} clouds/s drawn and realized (${sampled.length} clouds)`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  if (args.json) writeFileSync(args.json, JSON.stringify({ args, reference: ref, modes, generated: gen, throughput: { generationMs: tGen, realizeMs: tRealize } }, null, 2));
}

const perSec = (n: number, ms: number) => (ms > 0 ? (n / ms) * 1000 : 0).toFixed(0);

function timing(label: string, r: MutationReport): string {
  const mutants = r.kinds.reduce((n, k) => n + k.mutants, 0);
  const perFlow = r.traces ? (r.mutantMs + r.baseMs) / r.traces : 0;
  return `  ${label.padEnd(10)} ${r.flows} flows observed over ${r.clouds} clouds; healthy signatures and check ${(r.baseMs / 1000).toFixed(1)} s; `
    + `${mutants} mutants in ${(r.mutantMs / 1000).toFixed(1)} s (${mutants ? (r.mutantMs / mutants).toFixed(1) : '–'} ms each: inject, boot, re-trace every flow, check); `
    + `${r.traces} traces, ${perFlow.toFixed(2)} ms per trace with its share of the check; total ${(r.durationMs / 1000).toFixed(1)} s`;
}

main();
