/** A delivery failure that the same message would meet again: the worker gives up at once instead of retrying. */
export class PermanentDeliveryError extends Error {
  readonly code = 'OUTBOUND.PERMANENT_FAILURE';
  readonly permanent = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentDeliveryError';
  }
}

/** True for errors that say retrying is pointless (ours, or a vendor's `permanent` flag such as nodemailer's). */
export function isPermanentFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true;
}

/** The error as it is recorded: one line of at most 2000 characters, without text PostgreSQL cannot store. */
export function describeFailure(error: unknown): string {
  const e = error as { message?: unknown; name?: unknown } | null;
  const text = typeof e?.message === 'string' ? e.message || String(e.name) : String(error);
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return (clean || 'unknown error').slice(0, 2000);
}
