/**
 * Writes examples/captured/reference/: the reference cloud's data plane in the capture layout,
 * with its API dump in openstack/. Not a test: run it after changing what realize builds,
 *   node -r esbuild-register src/captured/__fixtures__/generate.ts
 */
import { cpSync, rmSync } from 'node:fs';
import { writeCapture } from '..';
import { referenceCloud } from '../../model/reference';
import { realize } from '../../realize';

const out = 'examples/captured/reference';
const cloud = referenceCloud();
rmSync(out, { recursive: true, force: true });
writeCapture(out, realize(cloud), cloud);
cpSync('src/import/__fixtures__/api', `${out}/openstack`, { recursive: true });
