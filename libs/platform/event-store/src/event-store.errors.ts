/** The stream was not at the expected revision: nothing was written. Maps to HTTP 409/412. */
export class ConcurrencyError extends Error {
  readonly code = 'EVENT_STORE.CONCURRENCY';
  constructor(
    readonly streamName: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`stream ${streamName} expected revision ${expected} but is at ${actual}`);
    this.name = 'ConcurrencyError';
  }
}
