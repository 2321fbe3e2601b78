import { builtinInvariants } from '../invariants';
import { referenceCloud } from '../model/reference';
import { simulate } from '../simulation';
import { runCheck } from '../check/run';
import { progressLine } from './progress';

describe('the check progress bar', () => {
  test('advances with the work: one step per source class, then the state invariants, ending at done = total', () => {
    const steps: [number, number][] = [];
    runCheck(simulate(referenceCloud()), builtinInvariants, { onProgress: (done, total) => steps.push([done, total]) });
    const total = steps[0][1];
    expect(total).toBeGreaterThan(2);
    expect(steps.map(([d]) => d)).toEqual([...Array(total).keys(), total]);
    expect(steps.every(([, t]) => t === total)).toBe(true);
  });

  test('estimates the time left from the pace so far', () => {
    expect(progressLine(0, 10, 'flows from vm1', 0)).toBe('[........................] 0/10 flows from vm1');
    expect(progressLine(5, 10, 'flows from vm3', 4000)).toBe('[############............] 5/10 ETA 4 s flows from vm3');
    expect(progressLine(1, 100, 'x', 2000)).toContain('ETA 3 min 18 s');
    expect(progressLine(10, 10, 'done', 9000)).toBe('');
  });
});
