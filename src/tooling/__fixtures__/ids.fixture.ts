/**
 * Test-id fixture: what `netspec ids --check` must report, marked `// problem: <kind>` at the end
 * of the line it is reported on (src/tooling/ids.test.ts); the malformed and the stray id
 * comment are reported on their own lines. Not a test file; it type-checks.
 */
describe('suite', () => {
  // @id 11111111-1111-4111-8111-111111111111
  it('has an id', () => { expect(1).toBe(1); });

  it('has none', () => { expect(1).toBe(1); }); // problem: missing

  // a comment first
  // @id 22222222-2222-4222-8222-222222222222
  // a comment after
  it('has an id among other comments', () => { expect(1).toBe(1); });

  // @id 11111111-1111-4111-8111-111111111111
  it('copied the first test with its id', () => { expect(1).toBe(1); }); // problem: duplicate

  // @id not-a-uuid
  it('has a malformed id', () => { expect(1).toBe(1); }); // problem: missing

  // @id 33333333-3333-4333-8333-333333333333

  it('is below a blank line', () => { expect(1).toBe(1); }); // problem: missing

  it('one', () => { expect(1).toBe(1); }); it('two', () => { expect(2).toBe(2); }); // problem: shared-line

  // @id 44444444-4444-4444-8444-444444444444
  it.each([1, 2])('each %s', (n) => { expect(n).toBeGreaterThan(0); });
});

describe.each(['a', 'b'])('templated %s', (x) => {
  // @id 55555555-5555-4555-8555-555555555555
  it('inner', () => { expect(x).toBeTruthy(); });
});
