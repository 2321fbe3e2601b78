/**
 * Table numbers live in src/realize only: readers elsewhere learn what a table is for from the
 * data plane (`OvsBridge.tableNames`, dataplane/tables.ts), so a fault site, a view or an
 * invariant never hard-codes Neutron's layout. The captured reader is the one exception (it
 * labels what the agent wrote; see src/captured/table-notes.ts). A source scan, no ts-morph.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const SCANNED = ['src', 'matchers', 'bench', 'examples', 'specs'];
const REALIZE = 'src/realize/';
/** The one reader outside realize allowed to import them, for the reason its comment gives. */
const ALLOWED = new Set(['src/captured/table-notes.ts']);

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === '__fixtures__') continue;
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) sources(rel, out);
    else if (/\.ts$/.test(e.name)) out.push(rel);
  }
  return out;
}

const SELF = 'src/tooling/table-numbers.test.ts';
const files = SCANNED.flatMap((d) => sources(d)).filter((rel) => rel !== SELF).map((rel) => ({ rel, text: readFileSync(path.join(ROOT, rel), 'utf8') }));
/** An import of realize's table module, or a use of one of its exports. */
const TABLE_IMPORT = /from\s+['"][^'"]*\/ovs-tables['"]|\b(BR_INT_TABLE|BR_TUN_TABLE|TUN_TABLE|TABLE_NAMES)\b/;
/** A comparison with a literal table number (`flow.table === 22`), outside tests. */
const TABLE_LITERAL = /\.table\s*[!=]==\s*\d+/;

describe('table numbers live in src/realize', () => {
  it('no file outside src/realize (but the captured reader) imports them', () => {
    const offenders = files.filter((f) => !f.rel.startsWith(REALIZE) && !ALLOWED.has(f.rel) && TABLE_IMPORT.test(f.text)).map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it('no source outside src/realize compares a flow with a table number', () => {
    const offenders = files.filter((f) => !f.rel.startsWith(REALIZE) && !/\.(test|spec)\.ts$/.test(f.rel) && TABLE_LITERAL.test(f.text)).map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it('is not vacuous: realize builds its bridges from them, and the scan sees the files it should', () => {
    const byRel = new Map(files.map((f) => [f.rel, f.text]));
    expect(TABLE_IMPORT.test(byRel.get('src/realize/ovs-agent.ts') ?? '')).toBe(true);
    expect(TABLE_IMPORT.test(byRel.get('src/captured/table-notes.ts') ?? '')).toBe(true);
    expect(byRel.has('src/dataplane/faults/catalogue.ts')).toBe(true);
    expect(byRel.has('matchers/toTraverse.ts')).toBe(true);
    // The patterns catch what they are for.
    expect(TABLE_IMPORT.test("import { BR_TUN_TABLE } from '../realize/ovs-tables';")).toBe(true);
    expect(TABLE_LITERAL.test('if (f.table === 22 && f.match.vlan)')).toBe(true);
  });
});
