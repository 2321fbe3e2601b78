export { inject, FaultError } from './inject';
export type { Fault, FaultKind } from './types';
