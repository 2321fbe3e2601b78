import { simulateCaptured } from 'netspec';

test('the real state routes vm1 to vm3 through router1', () => {
  const captured = simulateCaptured('examples/captured/reference');
  expect(captured.captured.notUnderstood).toEqual([]);
  expect(captured.trace('vm1', 'vm3')).toTraverseInOrder(['vm1', 'router1', 'vm3']);
});
