import fc from 'fast-check';
import ts from 'typescript';
import { HOSTILE_NAMES, RAW_UNSAFE } from '../testing/hostile-names';
import { blockId, commentText, parseTsString, tsString } from './ts-text';

/** The top-level statements of `code`, as kinds and text, and its syntax errors. */
function statements(code: string): { kinds: string[]; errors: number } {
  const sf = ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const errors = ts.transpileModule(code, { reportDiagnostics: true }).diagnostics?.length ?? 0;
  return { kinds: sf.statements.map((s) => ts.SyntaxKind[s.kind]), errors };
}

const names = HOSTILE_NAMES.map((h) => [h.label, h.name] as const);

describe('string literals for generated code', () => {
  it.each(names)('%s: one string literal with exactly the name as its value', (_, name) => {
    const code = `f(${tsString(name)});`;
    expect(statements(code)).toEqual({ kinds: ['ExpressionStatement'], errors: 0 });
    const call = ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest, true).statements[0] as ts.ExpressionStatement;
    const arg = (call.expression as ts.CallExpression).arguments[0];
    expect(ts.isStringLiteral(arg) && arg.text).toBe(name);
    expect(tsString(name)).not.toMatch(RAW_UNSAFE);
  });

  it('read back by parseTsString, for any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      expect(parseTsString(tsString(s))).toBe(s);
      expect(tsString(s)).not.toMatch(RAW_UNSAFE);
    }));
  });

  it('stay readable: quotes as the text needs, accents and CJK as they are', () => {
    expect(tsString('vm1')).toBe("'vm1'");
    expect(tsString("it's")).toBe('"it\'s"');
    expect(tsString('café-网络 → 🙂')).toBe("'café-网络 → 🙂'");
    expect(tsString('a\nb\u2028\u202e')).toBe("'a\\nb\\u2028\\u202e'");
  });

  it('parseTsString refuses what is not one literal', () => {
    for (const bad of ["'a", "'a'b'", "'a\nb'", 'a', "'\\'"]) expect(parseTsString(bad)).toBeUndefined();
  });
});

describe('comment text', () => {
  it.each(names)('%s: stays inside a // comment and a /* */ comment', (_, name) => {
    expect(statements(`// network ${commentText(name)}\n`)).toEqual({ kinds: [], errors: 0 });
    expect(statements(`/**\n * the cloud ${commentText(name)}\n */\n`)).toEqual({ kinds: [], errors: 0 });
    expect(commentText(name)).not.toMatch(RAW_UNSAFE);
  });

  it('keeps ordinary text as it is', () => {
    expect(commentText('network selfservice1: no instances (café, 网络)')).toBe('network selfservice1: no instances (café, 网络)');
  });
});

describe('block ids', () => {
  it.each(names)('%s: one word of at most 120 characters, the same on every run', (_, name) => {
    const id = blockId('network', name);
    expect(id).toMatch(/^network:\S{0,111}$/);
    expect(id).not.toMatch(RAW_UNSAFE);
    expect(blockId('network', name)).toBe(id);
  });

  it('differ for different names, ordinary names unchanged', () => {
    const all = HOSTILE_NAMES.map((h) => blockId('network', h.name));
    expect(new Set(all).size).toBe(all.length);
    expect(blockId('network', 'selfservice1')).toBe('network:selfservice1');
    expect(blockId('network', 'my net')).toBe('network:my%0020net'); // the README's example
    expect(blockId('network', 'my net')).not.toBe(blockId('network', 'my%0020net'));
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
      fc.pre(a !== b);
      expect(blockId('router', a)).not.toBe(blockId('router', b));
    }));
  });
});
