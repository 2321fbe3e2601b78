/**
 * One fuzz case, through the public API as a user drives it: a mutated topology (as YAML text
 * or as an object) is loaded, and if accepted simulated and traced; a mutated OpenStack dump is
 * imported, and if accepted simulated. A rejection must be a TopologyError whose every issue
 * names file, path and rule in words; anything else thrown is a crash.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import {
  FlowError, importOpenStack, normalizeCloud, parseTopology, referenceCloudSpec, simulate, TopologyError,
  type Cloud, type TopologyIssue,
} from '../index';
import { prng } from '../util/prng';
import { mutate, pick, stringsOf, type Rand } from './mutate';

export type Outcome =
  | { kind: 'accepted' }
  | { kind: 'rejected'; rules: string[]; /** Issues missing a file, path or rule, or with a message reading "undefined". */ bad: string[] }
  | { kind: 'crash'; error: string };

/** The repository root, from src/fuzz or dist/src/fuzz. */
export function repoRoot(): string {
  let d = __dirname;
  while (!readdirSync(d).includes('package.json')) d = dirname(d);
  return d;
}

const FILE = 'fuzz.yaml';
/** Words a message must never read: a value that leaked instead of being described. */
const LEAK = /\bundefined\b|\bNaN\b|\[object \w+\]|function \w*\(/;

export function badIssues(issues: readonly TopologyIssue[]): string[] {
  return issues.filter((i) => !i.file || !i.path || !i.rule || !i.message || LEAK.test(i.message) || LEAK.test(i.path))
    .slice(0, 3).map((i) => JSON.stringify(i).slice(0, 300));
}

function outcomeOf(run: () => void): Outcome {
  try {
    run();
    return { kind: 'accepted' };
  } catch (e) {
    if (e instanceof TopologyError) return { kind: 'rejected', rules: [...new Set(e.issues.map((i) => i.rule))], bad: badIssues(e.issues) };
    const err = e as Error;
    return { kind: 'crash', error: `${err?.name}: ${err?.message?.slice(0, 300)}\n${err?.stack?.split('\n').slice(1, 6).join('\n')}` };
  }
}

/** Simulates an accepted cloud and walks a few flows whose ends it names (cheap: at most 3 traces). */
function exercise(cloud: Cloud, r: Rand): void {
  const sim = simulate(cloud);
  if (r() < 0.5) return; // realize is where accepted input crashed; tracing every case would double the run
  const names = cloud.instances.map((i) => i.name);
  if (!names.length) return;
  const from = pick(r, names);
  for (const to of [pick(r, names), pick(r, ['internet', 'dhcp', 'metadata'])]) {
    try { sim.trace(from, to); } catch (e) { if (!(e instanceof FlowError)) throw e; }
  }
}

export interface TopologySeeds { specs: unknown[]; strings: string[][] }

export function topologySeeds(): TopologySeeds {
  const root = repoRoot();
  const specs: unknown[] = [referenceCloudSpec];
  for (const f of readdirSync(join(root, 'examples')).filter((x) => x.endsWith('.yaml'))) {
    specs.push(parse(readFileSync(join(root, 'examples', f), 'utf8')));
  }
  return { specs, strings: specs.map(stringsOf) };
}

/** Case `n` of run `seed`: the same pair always makes the same case. */
export function topologyCase(seeds: TopologySeeds, seed: number, n: number): Outcome & { ops: string[] } {
  const r = prng((seed * 1_000_003 + n) >>> 0);
  const i = Math.floor(r() * seeds.specs.length);
  const doc = structuredClone(seeds.specs[i]);
  const ops = mutate(r, doc, seeds.strings[i]);
  // YAML text is the slow path (yaml's stringify and parse cost more than validating): 1 case in 8.
  const asText = r() < 0.125;
  const out = outcomeOf(() => {
    let cloud: Cloud;
    if (asText) {
      let text = stringify(doc);
      if (r() < 0.05) text = text.slice(0, Math.floor(r() * text.length));
      cloud = parseTopology(text, FILE);
    } else cloud = normalizeCloud(doc as never, FILE);
    exercise(cloud, r);
  });
  return { ...out, ops: [asText ? 'yaml' : 'object', ...ops] };
}

export interface DumpSeeds { dumps: { files: Map<string, string>; strings: string[] }[] }

export function dumpSeeds(): DumpSeeds {
  const root = repoRoot();
  const dirs = [join(root, 'examples', 'openstack'), join(root, 'src', 'import', '__fixtures__', 'api')];
  return {
    dumps: dirs.map((d) => {
      const files = new Map(readdirSync(d).filter((f) => f.endsWith('.json')).map((f) => [f, readFileSync(join(d, f), 'utf8')]));
      return { files, strings: [...files.values()].flatMap((t) => stringsOf(JSON.parse(t))) };
    }),
  };
}

/** Case `n`: one or two files of a dump mutated (or deleted, or made garbage), written to `dir`, imported. */
export function dumpCase(seeds: DumpSeeds, seed: number, n: number, dir: string): Outcome & { ops: string[] } {
  const r = prng((seed * 1_000_033 + n + 0x5eed) >>> 0);
  const base = pick(r, seeds.dumps);
  const files = new Map(base.files);
  const names = [...files.keys()];
  const ops: string[] = [];
  for (let k = 1 + Math.floor(r() * 2); k > 0; k--) {
    const f = pick(r, names);
    const roll = r();
    if (roll < 0.04) { files.delete(f); ops.push(`delete ${f}`); continue; }
    if (roll < 0.08) { files.set(f, pick(r, ['', 'not json', '{', '[]', '{}', 'null', '"x"', '[null]', '[1,2]'])); ops.push(`garbage ${f}`); continue; }
    // A file this case already made garbage stays garbage: there is no document left to mutate.
    const doc = parsedOrUndefined(files.get(f) ?? '[]');
    if (doc === undefined) continue;
    ops.push(...mutate(r, doc, base.strings).map((o) => `${f}:${o}`));
    files.set(f, JSON.stringify(doc) ?? 'null');
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of files) writeFileSync(join(dir, f), text);
  const out = outcomeOf(() => {
    const { cloud } = importOpenStack(dir, { name: 'fuzz' });
    exercise(cloud, r);
  });
  return { ...out, ops };
}

function parsedOrUndefined(text: string): unknown {
  try { return JSON.parse(text) as unknown; } catch { return undefined; }
}
