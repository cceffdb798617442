import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { BUILT_IN_ERROR_STATUS, isDomainError, ValidationError, type FieldError } from './domain-errors';

/** RFC 9457 body (`application/problem+json`) with our stable `code` and, for validation errors, `errors`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  correlationId?: string;
  errors?: FieldError[];
  /** Extension members (RFC 9457 section 3.2). */
  [extension: string]: unknown;
}

export interface ProblemContext {
  /** The request path (without query string). */
  instance: string;
  /** Whether the request carried `If-Match`: a concurrency conflict then means the precondition failed (412). */
  ifMatch: boolean;
  correlationId?: string;
  /** The app's code -> status table (merged over the built-ins). */
  errorStatus?: Readonly<Record<string, number>>;
}

export interface Problem {
  status: number;
  body: ProblemDetails;
  /** True when the error was not an expected outcome and must be logged with its stack. */
  unexpected: boolean;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_PREFIX = 'urn:csp:problem:';
const GENERIC_DETAIL = 'An unexpected error occurred. Quote the correlation id when reporting it.';

// Codes for errors that carry only an HTTP status (Nest HttpExceptions, Fastify errors).
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'AUTH.UNAUTHORIZED',
  403: 'AUTH.FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL',
  502: 'BAD_GATEWAY',
  503: 'UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

/** Maps anything thrown while handling a request to its problem response. Pure: the filter does the I/O. */
export function toProblem(error: unknown, context: ProblemContext): Problem {
  if (error instanceof HttpException) return fromHttpException(error, context);
  if (isDomainError(error)) {
    const status = domainStatus(error.code, context);
    if (status !== undefined) {
      if (!(error instanceof ValidationError)) return problem(status, error.code, error.message, context);
      const result = problem(status, error.code, error.message, context, [...error.errors]);
      // Extensions never replace the standard members.
      result.body = { ...error.extensions, ...result.body };
      return result;
    }
  }
  const fastifyStatus = clientErrorStatusOf(error);
  if (fastifyStatus !== undefined) return problem(fastifyStatus, codeForStatus(fastifyStatus), (error as Error).message, context);
  return problem(500, 'INTERNAL', GENERIC_DETAIL, context);
}

function domainStatus(code: string, context: ProblemContext): number | undefined {
  const status = context.errorStatus?.[code] ?? BUILT_IN_ERROR_STATUS[code];
  if (code === 'EVENT_STORE.CONCURRENCY' && status === 409 && context.ifMatch) return 412;
  return status;
}

function fromHttpException(error: HttpException, context: ProblemContext): Problem {
  const status = error.getStatus();
  const response = error.getResponse();
  const fields = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
  const code = typeof fields['code'] === 'string' ? fields['code'] : codeForStatus(status);
  const message = Array.isArray(fields['message']) ? fields['message'].join('; ') : fields['message'];
  const detail = status === 500 ? GENERIC_DETAIL : typeof message === 'string' ? message : error.message;
  return problem(status, code, detail, context);
}

/**
 * Fastify's own errors (body too large, unsupported media type, bad JSON) carry a 4xx `statusCode` and an
 * `FST_` code; they reach the filter either raw or wrapped in an HttpException by Nest.
 */
function clientErrorStatusOf(error: unknown): number | undefined {
  if (!(error instanceof Error)) return undefined;
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  const fromFastify = error.name === 'FastifyError' || (typeof code === 'string' && code.startsWith('FST_'));
  return fromFastify && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 ? statusCode : undefined;
}

function codeForStatus(status: number): string {
  return CODE_BY_STATUS[status] ?? `HTTP_${status}`;
}

function problem(status: number, code: string, detail: string, context: ProblemContext, errors?: FieldError[]): Problem {
  const body: ProblemDetails = {
    type: PROBLEM_TYPE_PREFIX + code,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    instance: context.instance,
    code,
  };
  if (context.correlationId) body.correlationId = context.correlationId;
  if (errors) body.errors = errors;
  return { status, body, unexpected: status >= 500 };
}
