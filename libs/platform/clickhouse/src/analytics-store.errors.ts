/**
 * Every failure of the analytics store, whatever the vendor. `code` is stable and names the kind
 * (the engine's error type: `ANALYTICS_STORE.UNKNOWN_TABLE`, `ANALYTICS_STORE.SYNTAX_ERROR`; or
 * `ANALYTICS_STORE.CONNECTION` when unreachable, `ANALYTICS_STORE.CLIENT` when the client refused the call);
 * `clickhouseCode` is the engine's numeric error code when the engine answered.
 */
export class AnalyticsStoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly clickhouseCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AnalyticsStoreError';
  }
}

interface VendorError {
  message?: unknown;
  code?: unknown;
  type?: unknown;
}

/**
 * Translates what `@clickhouse/client` throws (a `ClickHouseError` with numeric `code` and `type` when the
 * engine answered, a Node system error such as ECONNREFUSED when it could not be reached) into our error.
 */
export function toAnalyticsStoreError(error: unknown, operation: string): AnalyticsStoreError {
  if (error instanceof AnalyticsStoreError) return error;
  const vendor = (typeof error === 'object' && error !== null ? error : {}) as VendorError;
  const message = `${operation}: ${typeof vendor.message === 'string' ? vendor.message.trim() : String(error)}`;
  const numeric = typeof vendor.code === 'string' && /^\d+$/.test(vendor.code) ? Number(vendor.code) : undefined;
  if (numeric !== undefined) {
    const kind = typeof vendor.type === 'string' && vendor.type !== '' ? vendor.type : 'ENGINE_ERROR';
    return new AnalyticsStoreError(`ANALYTICS_STORE.${kind}`, message, numeric, { cause: error });
  }
  // No engine code: either ClickHouse could not be reached (a Node system error such as ECONNREFUSED) or the
  // client refused the call itself (closed client, a value it cannot bind).
  const unreachable = typeof vendor.code === 'string' && /^E[A-Z]+$/.test(vendor.code);
  const kind = unreachable ? 'CONNECTION' : 'CLIENT';
  return new AnalyticsStoreError(`ANALYTICS_STORE.${kind}`, message, undefined, { cause: error });
}
