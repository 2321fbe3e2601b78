/**
 * Lint fixture: specs that look like they prove something and do not. Not a test file (Jest only
 * runs *.test.ts / *.spec.ts), but it type-checks. `// expect: <rule-id>` marks each line lint must
 * flag; src/tooling/lint.test.ts checks the findings are exactly these. Lines without a marker are
 * things lint must accept.
 */
import { fc, test } from '@fast-check/jest';
import { referenceCloud, sameNetworkNeverRouted, simulate, traceFlow } from 'netspec';

const sim = simulate(referenceCloud());
const { trace } = sim;

/** A local helper that asserts: tests calling it assert. */
function expectDelivered(from: string, to: string): void {
  expect(sim.trace(from, to)).toBeDeliveredTo(to);
}
const checkQuietly = (from: string) => sim.trace(from, 'dhcp').disposition.kind === 'answered';

describe('traces and checks nobody looks at', () => {
  const shared = sim.trace('vm1', 'vm2'); // used by the test below: fine

  it('reads a describe-level trace', () => {
    expect(shared).toBeDeliveredTo('vm2');
  });

  it('throws a trace away', () => {
    sim.trace('vm1', 'vm3'); // expect: unasserted-trace
    expect(sim.trace('vm1', 'vm4')).toBeDeliveredTo('vm4');
  });

  it('computes a trace it never uses', () => {
    const t = trace('vm1', 'metadata'); // expect: unasserted-trace
    expect(trace('vm1', 'vm2')).toBeDeliveredTo('vm2');
  });

  it('runs an invariant and ignores the verdict', () => {
    sameNetworkNeverRouted.check(sim); // expect: unasserted-trace
    expect(sim).toSatisfy(sameNetworkNeverRouted);
  });

  it('destructures a trace and reads nothing', () => {
    const { disposition } = traceFlow(sim.dataplane, 'vm1', 'vm2'); // expect: unasserted-trace
    expect(1).toBe(1);
  });

  it('warms up a simulation it owns (traces share learned state)', () => {
    const warmed = simulate(referenceCloud());
    warmed.trace('vm3', 'vm1');
    expect(warmed.trace('vm1', 'vm3')).toBeDeliveredTo('vm3');
  });

  it('discards on purpose with void, or with a disable comment', () => {
    void sim.trace('vm2', 'vm1');
    // netspec-lint-disable-next-line unasserted-trace
    sim.trace('vm2', 'vm4');
    expect(sim.trace('vm2', 'vm3')).toBeDeliveredTo('vm3');
  });
});

describe('expectations without a matcher', () => {
  it('forgets the matcher', () => {
    expect(sim.trace('vm1', 'vm2')); // expect: expect-without-matcher
  });

  it('forgets to call the matcher', () => {
    expect(sim.trace('vm1', 'vm2')).not.toBeDropped; // expect: expect-without-matcher
  });

  it('stops at .not', () => {
    expect(sim.trace('vm1', 'vm2')).not; // expect: expect-without-matcher
  });
});

describe('properties', () => {
  it('asserts nothing inside fc.property', () => {
    fc.assert(fc.property(fc.constantFrom('vm2', 'vm3', 'vm4'), (to) => { // expect: property-without-assertion
      sim.trace('vm1', to).disposition.kind.toUpperCase();
    }));
  });

  it('builds a property and never runs it', () => { // expect: test-without-assertion
    fc.property(fc.constantFrom('vm2', 'vm4'), (to) => sim.trace('vm1', to).disposition.kind === 'delivered'); // expect: property-never-run
  });

  it('returns a verdict: fast-check fails on false', () => {
    fc.assert(fc.property(fc.constantFrom('vm2', 'vm4'), (to) => sim.trace('vm1', to).disposition.kind === 'delivered'));
  });

  it('asserts with expect inside the property', () => {
    fc.assert(fc.property(fc.constantFrom('vm2', 'vm4'), (to) => {
      expect(sim.trace('vm1', to)).toBeDeliveredTo(to);
    }));
  });

  test.prop([fc.constantFrom('vm2', 'vm4')])('test.prop that checks nothing', (to) => { // expect: property-without-assertion
    sim.trace('vm1', to).disposition.kind.toUpperCase();
  });

  test.prop([fc.constantFrom('vm2', 'vm4')])('test.prop that asserts', (to) => {
    expect(sim.trace('vm1', to)).toBeDeliveredTo(to);
  });
});

describe('tests without assertions', () => {
  it('only logs', () => { // expect: test-without-assertion
    const text = JSON.stringify(sim.trace('vm1', 'vm2').disposition);
    text.toUpperCase();
  });

  it('asserts through a local helper', () => {
    expectDelivered('vm1', 'vm2');
  });

  it('calls a helper that does not assert', () => { // expect: test-without-assertion
    checkQuietly('vm1');
  });

  it('throws on failure itself', () => {
    if (!checkQuietly('vm1')) throw new Error('vm1 got no DHCP answer');
  });

  it.todo('a test to write later');
});

describe('focused and skipped', () => {
  it.only('is focused', () => { // expect: focused-test
    expectDelivered('vm1', 'vm2');
  });

  fit('is focused too', () => { // expect: focused-test
    expectDelivered('vm1', 'vm2');
  });

  it.skip('is skipped', () => { // expect: skipped-test
    expectDelivered('vm1', 'vm2');
  });

  xit('is skipped too', () => { // expect: skipped-test
    expectDelivered('vm1', 'vm2');
  });

  xtest('is skipped as well', () => { // expect: skipped-test
    expectDelivered('vm1', 'vm2');
  });

  describe.skip('a whole skipped describe', () => { // expect: skipped-test
    it('inside', () => expectDelivered('vm1', 'vm2'));
  });

  // eslint-style focus on a parameterised test
  it.only.each([['vm2'], ['vm4']])('reaches %s', (to) => { // expect: focused-test
    expectDelivered('vm1', to);
  });
});

describe('duplicate names', () => {
  it('has a name', () => expectDelivered('vm1', 'vm2'));
  it('has a name', () => expectDelivered('vm1', 'vm4')); // expect: duplicate-test-name

  describe('nested', () => {
    it('has a name', () => expectDelivered('vm1', 'vm2')); // another describe path: fine
  });

  for (const to of ['vm2', 'vm4']) {
    it(`reaches ${to}`, () => expectDelivered('vm1', to)); // computed names in a loop: fine
  }
});

describe('hooks prepare, tests assert', () => {
  const seen = new Set<string>();
  beforeAll(() => {
    // A screening pass collecting data for the tests: neither its fc.check nor its traces need asserting.
    fc.check(fc.property(fc.constantFrom('vm2', 'vm4'), (to) => { seen.add(sim.trace('vm1', to).disposition.kind); }));
    sim.trace('vm1', 'vm2');
  });

  it('uses what the hook collected', () => {
    expect([...seen]).toEqual(['delivered']);
  });
});
