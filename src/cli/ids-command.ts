import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { MissingPathError, specFiles } from '../tooling/files';
import { requireWithTsMorph } from './require-ts-morph';
import { rejectEmptyPaths, rejectEmptyPositionals } from './path-options';
import { UsageError } from './usage-error';

export const IDS_USAGE = `usage: netspec ids --check | --fix | --allure DIR  [PATH...]

Stable test ids, as Tempest's idempotent_id: every test carries a \`// @id <uuid>\` comment on the
line above its it/test call, so names stay readable and the id survives renames and moves.
PATH is a spec file or a directory (every *.spec.* and *.test.* below it); the default is specs/.
  --check       list tests without an id, duplicated ids, and stray or malformed id comments
  --fix         add the missing ids (a UUID v5 of the file path and the test's name path) and
                renew duplicated ones (the first occurrence keeps its id)
  --allure DIR  set historyId and testCaseId of the Allure results in DIR from the ids, so a
                test keeps its Allure history when it is renamed (run after the tests)
Exit status: 0 when every test has a unique id, 1 when not (after --fix: when something is
left that needs a person), 2 on a usage error.`;

function loadIds(): typeof import('../tooling/ids') {
  return requireWithTsMorph('ids', () => require('../tooling/ids'));
}

const shown = (file: string) => {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
};

export function idsCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: { check: { type: 'boolean' }, fix: { type: 'boolean' }, allure: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) { out(IDS_USAGE); return 0; }
  rejectEmptyPaths(values, { allure: 'directory' });
  rejectEmptyPositionals(positionals);
  const modes = [values.check && '--check', values.fix && '--fix', values.allure !== undefined && '--allure'].filter(Boolean);
  if (modes.length !== 1) throw new UsageError(`ids needs exactly one of --check, --fix, --allure DIR${modes.length ? ` (got ${modes.join(', ')})` : ''} (see netspec ids --help)`);
  if (values.allure !== undefined && !existsSync(values.allure)) throw new UsageError(`--allure: no such directory: ${values.allure}`);
  let files: string[];
  try {
    files = specFiles(positionals.length ? positionals : ['specs']);
  } catch (e) {
    if (e instanceof MissingPathError) throw new UsageError(e.message);
    throw e;
  }
  const ids = loadIds();
  const print = (p: { file: string; line: number; kind: string; message: string }) => out(`${shown(p.file)}:${p.line} ${p.kind} ${p.message}`);

  if (values.check) {
    const report = ids.checkIds(files);
    for (const p of report.problems) print(p);
    err(`netspec ids: ${report.tests.length} tests in ${files.length} files, ${report.problems.length ? `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}` : 'every one with a unique id'}`);
    return report.problems.length ? 1 : 0;
  }
  if (values.fix) {
    const fixed = ids.fixIds(files);
    for (const c of fixed.changed) out(`${shown(c.file)}: ${c.added} id${c.added === 1 ? '' : 's'} added${c.renewed ? `, ${c.renewed} duplicated id${c.renewed === 1 ? '' : 's'} renewed` : ''}`);
    for (const p of fixed.remaining) print(p);
    err(`netspec ids: ${fixed.changed.length} of ${files.length} files changed${fixed.remaining.length ? `; ${fixed.remaining.length} left to fix by hand` : ''}`);
    return fixed.remaining.length ? 1 : 0;
  }
  const report = ids.checkIds(files);
  const applied = require('../tooling/allure-ids').applyIdsToAllure(values.allure!, report.tests) as import('../tooling/allure-ids').AllureIdsResult;
  for (const u of applied.unmatched) out(`no id for ${u}`);
  err(`netspec ids: ${applied.updated} of ${applied.results} Allure results keyed by test id`);
  return applied.unmatched.length ? 1 : 0;
}
