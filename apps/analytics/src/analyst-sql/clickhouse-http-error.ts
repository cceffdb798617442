import { AnalyticsStoreError } from '@csp/clickhouse';

/** The ClickHouse error codes this endpoint raises itself (names and numbers as in ClickHouse's ErrorCodes.cpp). */
export const CLICKHOUSE_ERRORS = {
  BAD_ARGUMENTS: 36,
  NOT_IMPLEMENTED: 48,
  SYNTAX_ERROR: 62,
  UNKNOWN_DATABASE: 81,
  QUERY_WAS_CANCELLED: 394,
  READONLY: 164,
  REQUIRED_PASSWORD: 194,
  ACCESS_DENIED: 497,
  AUTHENTICATION_FAILED: 516,
} as const;
export type ClickHouseErrorName = keyof typeof CLICKHOUSE_ERRORS;

/**
 * HTTP statuses as ClickHouse's `exceptionCodeToHTTPStatus` gives them, except two we choose: a refused
 * statement is 403 (ClickHouse answers READONLY with 500), and a bad token 401 (ClickHouse says 403 for a wrong
 * password), so that plain HTTP tools tell "log in again" from "not allowed".
 */
const STATUS_BY_CODE: Record<number, number> = {
  36: 400, 62: 400, 27: 400, 6: 400, 53: 400, 47: 404, 60: 404, 46: 404, 81: 404, 73: 404, 115: 404,
  48: 501, 159: 408, 164: 403, 194: 401, 497: 403, 516: 401,
};

/** An error answered the way ClickHouse answers over HTTP, so its clients raise it with code and message. */
export class ClickHouseHttpError extends Error {
  constructor(
    readonly code: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'ClickHouseHttpError';
  }

  static of(name: ClickHouseErrorName, message: string): ClickHouseHttpError {
    return new ClickHouseHttpError(CLICKHOUSE_ERRORS[name], name, message);
  }

  get status(): number {
    return STATUS_BY_CODE[this.code] ?? 500;
  }

  /** `Code: N. DB::Exception: message. (TYPE)`: the shape @clickhouse/client and other clients parse. */
  body(): string {
    return `Code: ${this.code}. DB::Exception: ${this.message.replace(/\.$/, '')}. (${this.type})\n`;
  }
}

/** The engine's own error, passed on with its code and type; anything else is an internal error. */
export function toClickHouseHttpError(error: unknown): ClickHouseHttpError {
  if (error instanceof ClickHouseHttpError) return error;
  if (error instanceof AnalyticsStoreError && error.clickhouseCode !== undefined) {
    const type = error.code.replace(/^ANALYTICS_STORE\./, '');
    const cause = error.cause instanceof Error ? error.cause.message : error.message;
    return new ClickHouseHttpError(error.clickhouseCode, type, cause.trim());
  }
  return new ClickHouseHttpError(1002, 'UNKNOWN_EXCEPTION', 'the analytics store could not answer');
}
