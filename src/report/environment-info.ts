import { readFileSync } from 'node:fs';
import path from 'node:path';
import { referenceCloud } from '../model/reference';
import { cloudSummary } from '../check/render';
import { PACKAGE_ROOT } from './paths';

/** The Allure report's environment table: what ran, on what, against which cloud. */
export function environmentInfo(topology = cloudSummary(referenceCloud())): Record<string, string> {
  const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
  return { netspec: pkg.version, node: process.version, platform: `${process.platform} ${process.arch}`, topology };
}
