/**
 * The Jest environment netspec's suite runs in: allure-jest's node environment, with one change.
 * @fast-check/jest appends ` (with seed=N)` to every `test.prop` name and N changes on every run,
 * which would give each run a new Allure history id (and new JUnit names). The suffix is dropped
 * when the test starts; fast-check still prints the seed and path of any failure.
 */
import type { Circus } from '@jest/types';
import AllureNodeEnvironment from 'allure-jest/node';

const SEED_SUFFIX = / \(with seed=-?\d+\)$/;

export function stableTestName(name: string): string {
  return name.replace(SEED_SUFFIX, '');
}

export default class NetspecEnvironment extends AllureNodeEnvironment {
  // allure-jest wraps this handler and runs its own afterwards with the same event object.
  handleTestEvent(event: Circus.Event): void {
    if (event.name === 'test_start' && SEED_SUFFIX.test(event.test.name)) {
      event.test.name = stableTestName(event.test.name);
    }
  }
}
