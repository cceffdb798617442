import type { ValidationIssue } from '@csp/contracts';

export const STRUCTURED = 'application/cloudevents+json';
export const BATCH = 'application/cloudevents-batch+json';
export const MAX_BATCH = 500;

export interface RawRequest {
  contentType: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** The candidate events of a request, or why the request as a whole is malformed (JSON Pointers). */
export type ParsedRequest = { ok: true; events: unknown[] } | { ok: false; errors: ValidationIssue[] };

/**
 * CloudEvents HTTP binding: structured mode (one JSON envelope), batch mode (a JSON array of envelopes) and
 * binary mode (`ce-*` headers, `data` as the JSON body).
 */
export function parseCloudEventsRequest(request: RawRequest): ParsedRequest {
  const type = request.contentType.split(';')[0].trim().toLowerCase();
  if (type === BATCH) {
    if (!Array.isArray(request.body)) return fail('', 'a batch must be a JSON array of CloudEvents');
    if (request.body.length === 0) return fail('', 'a batch needs at least one event');
    if (request.body.length > MAX_BATCH) return fail('', `a batch holds at most ${MAX_BATCH} events`);
    return { ok: true, events: request.body };
  }
  if (type === STRUCTURED) return { ok: true, events: [request.body] };
  if (type === 'application/json' && typeof request.headers['ce-id'] === 'string') {
    const envelope: Record<string, unknown> = { data: request.body, datacontenttype: 'application/json' };
    for (const [name, value] of Object.entries(request.headers)) {
      if (name.startsWith('ce-') && typeof value === 'string') envelope[name.slice(3)] = value;
    }
    return { ok: true, events: [envelope] };
  }
  return fail('/headers/content-type', `use ${STRUCTURED}, ${BATCH}, or application/json with ce-* headers (binary mode)`);
}

function fail(path: string, message: string): ParsedRequest {
  return { ok: false, errors: [{ path, message }] };
}
