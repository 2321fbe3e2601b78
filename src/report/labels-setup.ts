/**
 * Allure labels for every test, from where it lives: epic from the suite's area, feature from the
 * spec file (east-west, north-south, DHCP, metadata, …), story from the top-level describe.
 * A no-op without the Allure environment.
 */
import { beforeEach, expect } from '@jest/globals';
import path from 'node:path';
import { allureActive } from './allure-attach';
import { labelsFor, topDescribe } from './labels';

beforeEach(async () => {
  if (!allureActive()) return;
  const { testPath, currentTestName } = expect.getState();
  if (!testPath) return;
  const allure = await import('allure-js-commons');
  const l = labelsFor(path.relative(process.cwd(), testPath));
  await allure.epic(l.epic);
  await allure.feature(l.feature);
  await allure.story(topDescribe() ?? currentTestName ?? l.feature);
});
