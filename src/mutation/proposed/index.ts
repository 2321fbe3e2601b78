/**
 * Invariants the mutation score suggests adding, as prototypes, until they are adopted into
 * src/invariants. Empty today: the last proposals became src/invariants' structural invariants.
 */
import type { Invariant } from '../../invariants/types';

export const proposedInvariants: readonly Invariant[] = [];
