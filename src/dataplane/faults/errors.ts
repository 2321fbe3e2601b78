/** The fault names state that does not exist: a mistake in the fault, not in the cloud. */
export class FaultError extends Error {
  override readonly name = 'FaultError';
}
