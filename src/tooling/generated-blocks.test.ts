import { BlockError, findBlocks, mergeBlocks, renderBlock } from './generated-blocks';

const file = [
  '// mine: header',
  renderBlock({ id: 'a', body: 'A1' }),
  '',
  '// mine: between a and b',
  renderBlock({ id: 'b', body: 'B1' }),
  '',
  renderBlock({ id: 'c', body: 'C1' }),
  '',
  '// mine: footer',
  '',
].join('\n');

describe('generated blocks', () => {
  it('are found with their ids and bodies', () => {
    expect(findBlocks(file).map((b) => [b.id, b.body])).toEqual([['a', 'A1'], ['b', 'B1'], ['c', 'C1']]);
  });

  it('are rewritten in place; lines outside them stay as they were', () => {
    const r = mergeBlocks(file, [{ id: 'a', body: 'A2' }, { id: 'b', body: 'B1' }, { id: 'c', body: 'C2\nC3' }]);
    expect(r.text).toBe(file.replace('\nA1\n', '\nA2\n').replace('\nC1\n', '\nC2\nC3\n'));
    expect([r.rewritten, r.unchanged, r.added, r.removed]).toEqual([['a', 'c'], ['b'], [], []]);
  });

  it('new blocks go after the block that precedes them, or before the first block', () => {
    const r = mergeBlocks(file, [{ id: 'z', body: 'Z' }, { id: 'a', body: 'A1' }, { id: 'a2', body: 'A2' }, { id: 'b', body: 'B1' }, { id: 'c', body: 'C1' }]);
    expect(findBlocks(r.text).map((b) => b.id)).toEqual(['z', 'a', 'a2', 'b', 'c']);
    expect(r.text.indexOf('// mine: header')).toBeLessThan(r.text.indexOf('begin z'));
    expect(r.text.indexOf('end a2')).toBeLessThan(r.text.indexOf('// mine: between a and b'));
    expect(r.added).toEqual(['z', 'a2']);
  });

  it('blocks no longer generated are removed; the hand-written lines around them stay', () => {
    const r = mergeBlocks(file, [{ id: 'a', body: 'A1' }, { id: 'c', body: 'C1' }]);
    expect(r.removed).toEqual(['b']);
    expect(r.text).not.toContain('B1');
    for (const mine of ['// mine: header', '// mine: between a and b', '// mine: footer']) expect(r.text).toContain(mine);
  });

  it('a file without blocks gets them appended', () => {
    const r = mergeBlocks('// only mine\n', [{ id: 'a', body: 'A' }, { id: 'b', body: 'B' }]);
    expect(r.text).toBe(`// only mine\n\n${renderBlock({ id: 'a', body: 'A' })}\n\n${renderBlock({ id: 'b', body: 'B' })}\n`);
  });

  it('markers that do not pair up are an error naming the line', () => {
    expect(() => findBlocks('// netspec:generated begin a\nx\n')).toThrow(new BlockError('line 1: block a never ends (no "// netspec:generated end a")'));
    expect(() => findBlocks('// netspec:generated end a\n')).toThrow('line 1: end of block a without its begin');
    expect(() => findBlocks('// netspec:generated begin a\n// netspec:generated begin b\n')).toThrow('line 2: block b begins inside block a');
    expect(() => findBlocks(`${renderBlock({ id: 'a', body: '' })}\n${renderBlock({ id: 'a', body: '' })}`)).toThrow('a second block a');
  });
});
