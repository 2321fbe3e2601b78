export { inject, FaultError } from './inject';
export { FAULT_KINDS, faultSites, describeFault } from './catalogue';
export type { Fault, FaultKind, RelayTarget } from './types';
export { failoverDataplane } from './vrrp';
