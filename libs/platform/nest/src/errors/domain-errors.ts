/**
 * The one error model: any error with a stable string `code` (e.g. `TICKET.ALREADY_CLOSED`). Domain libs define
 * their own classes with such a code; the app maps codes to HTTP statuses in `PlatformModule.forRoot({ errorStatus })`.
 */
export interface DomainError extends Error {
  readonly code: string;
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/** One problem with a request field; `path` is a JSON Pointer (`/customer/email`), `''` for the whole document. */
export interface FieldError {
  path: string;
  message: string;
}

/** Built-in codes and their statuses; `EVENT_STORE.CONCURRENCY` becomes 412 when the request sent `If-Match`. */
export const BUILT_IN_ERROR_STATUS: Readonly<Record<string, number>> = {
  VALIDATION: 400,
  'AUTH.UNAUTHORIZED': 401,
  'AUTH.FORBIDDEN': 403,
  NOT_FOUND: 404,
  'EVENT_STORE.CONCURRENCY': 409,
  RATE_LIMITED: 429,
};

/** The request is invalid; `errors` says where and why. Answered with 400 and the `errors` array. */
export class ValidationError extends Error {
  readonly code = 'VALIDATION';
  constructor(
    readonly errors: readonly FieldError[],
    message = describeFieldErrors(errors),
    /** Extra RFC 9457 members for the problem body (e.g. ingestion's per-event `rejected`). */
    readonly extensions?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(message = 'not found') {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** Missing or invalid credentials (401) or a principal without the needed role (403). */
export class AuthError extends Error {
  constructor(
    readonly code: 'AUTH.UNAUTHORIZED' | 'AUTH.FORBIDDEN',
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

function describeFieldErrors(errors: readonly FieldError[]): string {
  const [first] = errors;
  if (!first) return 'the request is invalid';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return `${first.path || 'the request'} ${first.message}${more}`;
}

/** Too many requests from one client; answered with 429 and `Retry-After`. */
export class RateLimitedError extends Error {
  readonly code = 'RATE_LIMITED';
  constructor(
    readonly retryAfterSeconds: number,
    message = `too many requests; retry after ${retryAfterSeconds} s`,
  ) {
    super(message);
    this.name = 'RateLimitedError';
  }
}
