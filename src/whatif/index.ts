/** What-if questions: which flows change when the cloud changes. */
export { fork, isFork, type Fork } from './fork';
export { ForkError, STOPPABLE_AGENTS, type AdminStateTarget, type RuleSelector, type StoppableAgent } from './edits';
export { diff, isDiff, type ChangeKind, type Diff, type DiffOptions, type FlowChange } from './diff';
export { renderDiff, diffToJson, DIFF_JSON_SCHEMA_VERSION } from './render';
