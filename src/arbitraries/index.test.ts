/** The index is complete: every arbitrary file is exported from `arb` under its file name. */
import { expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { arb } from '.';

it('exports every arbitrary as arb.<file name>, and nothing else', () => {
  const files = readdirSync(__dirname).filter((f) => /^[a-zA-Z]+\.ts$/.test(f) && f !== 'index.ts').map((f) => f.replace(/\.ts$/, ''));
  expect(Object.keys(arb).sort()).toEqual(files.sort());
  for (const f of files) expect(typeof arb[f as keyof typeof arb]).toBe('function');
});
