/**
 * A capture is user input: whatever a node's files hold, reading it lists what it could not use
 * and never throws (a stack trace would hide which file was wrong).
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCaptured } from '.';

const work = mkdtempSync(path.join(tmpdir(), 'netspec-garbage-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? filesUnder(path.join(dir, f)) : [path.join(dir, f)]));
}

test.each([
  ['words', 'no such: thing = here [x] actions=\n'],
  ['half a flow', ' table=foo, priority=1,in_port=99,nw_src=300.1.2.3 actions=output:77,resubmit(\n'],
  ['binary', '\u0000\u0001\u00ff{{{"\n'],
])('every file of a node holding %s: listed, not thrown', (_, junk) => {
  const dir = path.join(work, junk.length.toString());
  cpSync('examples/captured/reference', dir, { recursive: true });
  for (const f of filesUnder(path.join(dir, 'compute1'))) if (!f.endsWith('MANIFEST')) writeFileSync(f, junk);
  const captured = readCaptured(dir);
  expect(captured.notUnderstood.filter((i) => i.file.startsWith('compute1/')).length).toBeGreaterThan(5);
  expect(captured.notUnderstood.every((i) => i.reason.length > 0)).toBe(true);
  expect(captured.nodes).toContain('compute1');
});
