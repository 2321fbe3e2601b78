/**
 * netspec's public API: build or load a cloud, simulate it, trace packets, and check invariants.
 *
 *   import { simulate, referenceCloud, qdhcp, sameNetworkNeverRouted } from 'netspec';
 *   const { trace } = simulate(referenceCloud());
 *   expect(trace('vm1', 'vm2')).toNeverTraverse('qrouter-*');
 */
export * from './model';
export { realize } from './realize';
export type * from './dataplane/types';
export { simulate, isSimulation, type Simulation } from './simulation';
export { simulateCaptured, readCaptured, writeCapture, renderCapture, CaptureError, type CapturedPlane, type NotUnderstood } from './captured';
export {
  drift, renderDrift, driftToJson, DRIFT_JSON_SCHEMA_VERSION,
  type DriftReport, type DriftItem, type DriftKind, type DriftStatus, type FieldChange, type NotCompared,
} from './drift';
export { traceFlow, FlowError, type TraceOptions } from './flows';
export { traceVrrpAdvertisement } from './flows/vrrp';
export type * from './trace/types';
export { qdhcp, qrouter, type Location, type LocationObject } from './trace/location';
export { renderTrace, renderMinimal, renderSummary, renderDetailed, VIEWS, type ViewName } from './trace/views';
export { traceToJson, TRACE_JSON_VERSION } from './trace/json';
export { leaves, bestLeaf, mainPath } from './trace/leaves';
export { arpExchangesOf, exchangeHops, exchangePaths, type ArpExchangeAt } from './trace/arp-exchanges';
export * from './invariants';
export { inject, FaultError, failoverDataplane, type Fault, type FaultKind, type RelayTarget } from './dataplane/faults';
export { importOpenStack } from './import';
export { FAULT_KINDS, faultSites, describeFault } from './dataplane/faults';
export { loadIntents, parseIntents, IntentError } from './intents/load';
export { intentInvariants } from './intents/invariants';
export type { Intent, Selector } from './intents/types';
export {
  fork, isFork, ForkError, diff, isDiff, renderDiff, diffToJson, DIFF_JSON_SCHEMA_VERSION, STOPPABLE_AGENTS,
  type Fork, type Diff, type DiffOptions, type FlowChange, type ChangeKind, type AdminStateTarget, type RuleSelector, type StoppableAgent,
} from './whatif';
