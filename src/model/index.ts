/** The model's public API: the `Cloud` types, topology specs, and the ways to obtain a `Cloud`. */
export type * from './types';
export type * from './spec';
export { TopologyError, formatIssue, type TopologyIssue } from './errors';
export { validateSpec } from './validate';
export { normalizeCloud } from './normalize';
export { loadTopology, parseTopology } from './load';
export { cloudBuilder, type CloudBuilder, type InstanceShorthand } from './builder';
export { referenceCloud, referenceCloudSpec } from './reference';
export { stableMac, stableUuid } from './ids';
export { failover } from './failover';
