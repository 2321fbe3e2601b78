import type { InvariantResult } from './types';

export type InvariantStatus = 'holds' | 'violated' | 'not applicable';

/** What a result says, in one word for tables and reports: an invariant that judged no flow is not said to hold. */
export function invariantStatus(r: InvariantResult): InvariantStatus {
  if (r.violations.length > 0) return 'violated';
  return r.applicable ? 'holds' : 'not applicable';
}

/** Why an invariant is not applicable, for messages. */
export const NOT_APPLICABLE_REASON = 'judged no flow: the cloud has no flow of its kind';
