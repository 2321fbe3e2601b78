// vitest/setup.ts
import { expect } from 'vitest';
import * as matchers from 'netspec/matchers/all';

expect.extend(matchers);
