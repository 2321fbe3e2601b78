import { expect, test } from '@jest/globals';
import { labelsFor } from './labels';

test('a spec file named after an Object.prototype member gets its own name as feature, not a function', () => {
  expect(labelsFor('specs/dhcp.spec.ts')).toEqual({ epic: 'Neutron ML2/OVS behaviour', feature: 'DHCP' });
  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    expect(labelsFor(`specs/${name}.spec.ts`)).toEqual({ epic: 'Neutron ML2/OVS behaviour', feature: name });
  }
});
