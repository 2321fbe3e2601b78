/**
 * Names are data in the specs `netspec scaffold` writes: a cloud whose every name is hostile
 * (newlines, `*\/`, quotes, `${`, U+2028, bidi and control characters, 10 kB, ...) gives a spec
 * with exactly the statements of the same cloud under ordinary names, the hostile text only
 * inside string literals and comments, markers that a re-run finds again, and a Jest run in which
 * no injected code runs (every payload would throw).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { normalizeCloud, referenceCloudSpec, type Cloud, type CloudSpec } from '../index';
import { HOSTILE_NAMES, RAW_UNSAFE, hostileCloudSpec } from '../testing/hostile-names';
import { childJest, scratchDir, type JestAssertion } from './__fixtures__/helpers';
import { findBlocks } from './generated-blocks';
import { scaffoldSpec } from './scaffold';

const scratch = scratchDir('scaffold-names');
const file = (name: string) => join(scratch.dir, name);

/** Writes the topology as JSON and scaffolds a spec loading it; returns the spec's text. */
function scaffoldFile(base: string, spec: CloudSpec): { text: string; cloud: Cloud } {
  writeFileSync(file(`${base}.json`), JSON.stringify(spec));
  const cloud = normalizeCloud(spec, `${base}.json`);
  const text = scaffoldSpec(cloud, { topology: file(`${base}.json`), outFile: file(`${base}.child.ts`) }).text;
  writeFileSync(file(`${base}.child.ts`), text);
  return { text, cloud };
}

function parse(text: string): ts.SourceFile {
  return ts.createSourceFile('spec.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** The syntax tree as kinds, string literals' values left out: what code the text holds. */
function shape(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  const walk = (n: ts.Node, depth: number) => {
    out.push(`${' '.repeat(depth)}${ts.SyntaxKind[n.kind]}${ts.isIdentifier(n) ? ` ${n.text}` : ''}`);
    n.forEachChild((c) => walk(c, depth + 1));
  };
  walk(sf, 0);
  return out;
}

function syntaxErrors(text: string): string[] {
  const r = ts.transpileModule(text, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS } });
  return (r.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

function stringValues(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  const walk = (n: ts.Node) => { if (ts.isStringLiteral(n)) out.push(n.text); n.forEachChild(walk); };
  walk(sf);
  return out;
}

function comments(text: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const out: string[] = [];
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
    if (k === ts.SyntaxKind.SingleLineCommentTrivia || k === ts.SyntaxKind.MultiLineCommentTrivia) out.push(scanner.getTokenText());
  }
  return out;
}

const ordinary = scaffoldFile('ordinary', structuredClone(referenceCloudSpec) as CloudSpec);
// Two rotations, so that every catalogue entry is some object's name.
const hostile = [0, 16].map((offset) => ({ offset, ...hostileCloudSpec(offset), ...scaffoldFile(`hostile-${offset}`, hostileCloudSpec(offset).spec) }));

// `@` separates device and host in a location pattern: an instance (a device) named with one.
const atSign = scaffoldFile('at-sign', JSON.parse(JSON.stringify(referenceCloudSpec).split('"vm1"').join('"vm1@x"').split('"compute2"').join('"compute2@y"')));

afterAll(() => scratch.cleanup());

describe('netspec scaffold on a cloud whose every name is hostile', () => {
  it('uses every entry of the catalogue as a name', () => {
    const used = new Set(hostile.flatMap((h) => [...h.names.values()]));
    for (const h of HOSTILE_NAMES) expect([...used].some((n) => n.includes(h.name))).toBe(true);
  });

  it.each(hostile.map((h) => [h.offset, h]))('rotation %s: parses into exactly the statements of the same cloud with ordinary names', (_, h) => {
    expect(syntaxErrors(h.text)).toEqual([]);
    expect(shape(parse(h.text))).toEqual(shape(parse(ordinary.text)));
  });

  it.each(hostile.map((h) => [h.offset, h]))('rotation %s: hostile names are string literals with exactly their value', (_, h) => {
    const values = stringValues(parse(h.text));
    for (const i of h.cloud.instances) expect(values).toContain(i.name);
    for (const r of h.cloud.routers) expect(values).toContain(`router ${r.name}`);
    for (const n of h.cloud.networks.filter((x) => h.cloud.ports.some((p) => p.network_id === x.id && p.device_owner === 'compute:nova'))) {
      expect(values).toContain(`network ${n.name}`);
    }
  });

  it.each(hostile.map((h) => [h.offset, h]))('rotation %s: no raw control, bidi or line-separator character anywhere, comments stay comments', (_, h) => {
    expect(h.text.replace(/\n/g, '')).not.toMatch(RAW_UNSAFE);
    for (const c of comments(h.text)) {
      expect(c.startsWith('//') ? !/[\n\r]/.test(c) : c.indexOf('*/') === c.length - 2).toBe(true);
    }
  });

  it.each(hostile.map((h) => [h.offset, h]))('rotation %s: a re-run finds every block again and changes nothing', (_, h) => {
    const ids = findBlocks(h.text).map((b) => b.id);
    expect(ids).toHaveLength(2 + h.cloud.networks.length + h.cloud.routers.length);
    for (const id of ids) expect(id).toMatch(/^\S{1,120}$/);
    const again = scaffoldSpec(h.cloud, { topology: file(`hostile-${h.offset}.json`), outFile: file(`hostile-${h.offset}.child.ts`), existing: h.text });
    expect(again.merge).toMatchObject({ rewritten: [], added: [], removed: [] });
    expect(again.text).toBe(h.text);
  });

  it('runs under Jest: every test passes, so no payload ran', () => {
    const results: Map<string, JestAssertion[]> = childJest(scratch.dir);
    const ord = results.get('ordinary.child.ts')!;
    for (const h of hostile) {
      const got = results.get(`hostile-${h.offset}.child.ts`)!;
      expect(got.filter((a) => a.status !== 'passed').map((a) => a.failureMessages.join('\n').slice(0, 500))).toEqual([]);
      expect(got).toHaveLength(ord.length);
      expect(got.length).toBeGreaterThan(20);
    }
    expect(readFileSync(file('hostile-0.child.ts'), 'utf8')).toBe(hostile[0].text);
    const at = results.get('at-sign.child.ts')!;
    expect(at.filter((a) => a.status !== 'passed').map((a) => a.fullName)).toEqual([]);
    expect(at).toHaveLength(ord.length);
    expect(atSign.text).toContain("{ device: 'vm1@x', host: 'compute1' }");
  }, 180_000);
});
