// `import { expect } from '@jest/globals'` sees the same matchers and typings.
import { describe, expect, it } from '@jest/globals';
import { referenceCloud, simulate } from 'netspec';

const { trace } = simulate(referenceCloud());

describe('expect from @jest/globals', () => {
  it('has the matchers', () => {
    expect(trace('vm1', 'vm3')).toTraverseInOrder(['br-tun@compute1', 'router1', 'br-tun@network1']);
    expect(trace('vm1', 'metadata')).toReachPort(9697, { in: 'qrouter-*' });
  });
});
