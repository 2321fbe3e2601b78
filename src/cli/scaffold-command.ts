import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BlockError } from '../tooling/generated-blocks';
import { scaffoldSpec } from '../tooling/scaffold';
import { loadCloud } from './load-cloud';
import { rejectEmptyPaths } from './path-options';
import { makeDirs } from '../report/output-dir';
import { UsageError } from './usage-error';
import { writeAtomically } from './write-file';

export const SCAFFOLD_USAGE = `usage: netspec scaffold [--topology FILE] [--out FILE] [--check]

Writes a behaviour spec for the cloud (the built-in reference cloud without --topology): a
describe per network and per router; for each class of flow (same network on one host, across
hosts, across a router, DHCP, metadata, the internet) the path it takes today as explicit
expectations; and every invariant that applies, via toSatisfy. The spec imports from 'netspec'.
  --out FILE  write the spec there (default: print it). If FILE exists, only the blocks between
              // netspec:generated begin/end markers are rewritten; hand-written tests stay.
              Tests get // @id comments (see netspec ids).
  --check     with --out: write nothing; exit 1 if FILE is not what scaffold would write now
Exit status: 0 on success (and with --check: up to date), 1 when --check finds the spec out of
date, 2 on a usage or topology error.`;

export function scaffoldCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  const { values } = parseArgs({
    args: argv, strict: true,
    options: { topology: { type: 'string' }, out: { type: 'string' }, check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) { out(SCAFFOLD_USAGE); return 0; }
  rejectEmptyPaths(values, { topology: 'file', out: 'file' });
  if (values.check && !values.out) throw new UsageError('--check needs --out FILE (the spec to compare)');
  const cloud = loadCloud(values.topology);
  const outFile = values.out ? resolve(values.out) : undefined;
  if (outFile && existsSync(outFile) && statSync(outFile).isDirectory()) throw new UsageError(`--out ${values.out} is a directory: give the spec's file path`);
  const existing = outFile && existsSync(outFile) ? readFileSync(outFile, 'utf8') : undefined;
  let result;
  try {
    result = scaffoldSpec(cloud, { topology: values.topology, outFile, existing });
  } catch (e) {
    if (e instanceof BlockError) throw new UsageError(`${values.out}: ${e.message}`);
    throw e;
  }
  if (!outFile) { out(result.text.replace(/\n$/, '')); return 0; }
  const rel = relative(process.cwd(), outFile);
  const shown = rel && !rel.startsWith('..') ? rel : outFile;
  if (result.text === existing) { err(`${shown} is up to date`); return 0; }
  if (values.check) {
    const m = result.merge;
    err(`${shown} is out of date${m ? `: ${[...m.rewritten.map((b) => `${b} changed`), ...m.added.map((b) => `${b} is new`), ...m.removed.map((b) => `${b} is gone`)].join(', ')}` : ''} (run netspec scaffold${values.topology ? ` --topology ${values.topology}` : ''} --out ${values.out})`);
    return 1;
  }
  makeDirs(dirname(outFile), values.out, 'the spec');
  writeAtomically(outFile, result.text);
  const m = result.merge;
  err(m
    ? `updated ${shown}: ${m.rewritten.length} block${m.rewritten.length === 1 ? '' : 's'} rewritten, ${m.added.length} added, ${m.removed.length} removed, ${m.unchanged.length} unchanged`
    : `wrote ${shown}: ${result.blocks.length} generated blocks`);
  return 0;
}
