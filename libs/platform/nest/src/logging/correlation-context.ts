import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export const CORRELATION_HEADER = 'x-correlation-id';

interface CorrelationContext {
  correlationId: string;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

/** The correlation id of the request (or message) being handled, if any. Put it in event metadata. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/** Runs `fn` with `correlationId` as the current one: consumers call it per message so their logs join up. */
export function runWithCorrelationId<T>(correlationId: string, fn: () => T): T {
  return storage.run({ correlationId }, fn);
}

// Accepted as given: short and made of characters that are safe to print in logs and headers.
const SAFE_ID = /^[A-Za-z0-9._:@-]{1,128}$/;
// W3C trace context: version-traceid-parentid-flags; the trace id follows a request across services.
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

type HeaderValue = string | string[] | undefined;

/** `x-correlation-id` if usable, else the trace id of a valid `traceparent`, else a new UUID. */
export function correlationIdFrom(headers: Record<string, HeaderValue>): string {
  const given = first(headers[CORRELATION_HEADER]);
  if (given !== undefined && SAFE_ID.test(given)) return given;
  const traceId = TRACEPARENT.exec(first(headers['traceparent'])?.trim().toLowerCase() ?? '')?.[1];
  if (traceId !== undefined && !/^0+$/.test(traceId)) return traceId;
  return randomUUID();
}

function first(value: HeaderValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
