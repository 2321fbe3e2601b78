// An ES module consumer, and a CommonJS one through createRequire: both see the same API.
import { createRequire } from 'node:module';
import { referenceCloud, simulate } from 'netspec';
import * as matchers from 'netspec/matchers/all';

const require = createRequire(import.meta.url);
const cjs = require('netspec');
const esmTrace = simulate(referenceCloud()).trace('vm1', 'vm2');
const cjsTrace = cjs.simulate(cjs.referenceCloud()).trace('vm1', 'vm2');
if (esmTrace.disposition.kind !== cjsTrace.disposition.kind || typeof matchers.toTraverse !== 'function') {
  console.error('ESM and CJS consumers disagree', esmTrace.disposition, cjsTrace.disposition);
  process.exit(1);
}
console.log(`ESM and CJS consumers: vm1 → vm2 ${esmTrace.disposition.kind}`);
