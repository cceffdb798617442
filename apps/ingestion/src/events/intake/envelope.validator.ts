import type { ValidationIssue } from '@csp/contracts';

export interface ValidEnvelope {
  id: string;
  source: string;
  type: string;
  time?: string;
  subject?: string;
  data: Record<string, unknown>;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Checks the CloudEvents 1.0 attributes we rely on; `data` is checked against the catalogue afterwards. */
export function validateEnvelope(value: unknown): { ok: true; envelope: ValidEnvelope } | { ok: false; errors: ValidationIssue[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: [{ path: '', message: 'a CloudEvent must be a JSON object' }] };
  }
  const e = value as Record<string, unknown>;
  const errors: ValidationIssue[] = [];
  const text = (name: string, max: number, required = true) => {
    const v = e[name];
    if (v === undefined && !required) return;
    if (typeof v !== 'string' || v.length === 0) errors.push({ path: `/${name}`, message: required ? 'is required (non-empty string)' : 'must be a non-empty string' });
    else if (v.length > max) errors.push({ path: `/${name}`, message: `must be at most ${max} characters` });
  };
  if (e['specversion'] !== '1.0') errors.push({ path: '/specversion', message: "must be '1.0'" });
  text('id', 256);
  text('source', 1024);
  text('type', 256);
  text('subject', 1024, false);
  if (e['time'] !== undefined && (typeof e['time'] !== 'string' || !RFC3339.test(e['time']) || Number.isNaN(Date.parse(e['time'])))) {
    errors.push({ path: '/time', message: 'must be an RFC 3339 timestamp' });
  }
  const contentType = e['datacontenttype'];
  if (contentType !== undefined && (typeof contentType !== 'string' || !/^application\/(.+\+)?json/.test(contentType))) {
    errors.push({ path: '/datacontenttype', message: 'must be application/json' });
  }
  if (typeof e['data'] !== 'object' || e['data'] === null || Array.isArray(e['data'])) {
    errors.push({ path: '/data', message: 'is required (a JSON object)' });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    envelope: {
      id: e['id'] as string, source: e['source'] as string, type: e['type'] as string,
      time: e['time'] as string | undefined, subject: e['subject'] as string | undefined, data: e['data'] as Record<string, unknown>,
    },
  };
}
