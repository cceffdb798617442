import type { ValidationIssue } from '@csp/contracts';
import type { BusMessage } from '@csp/message-bus';
import { BODY_LIMIT_BYTES } from '@csp/platform-nest';
import { BATCH, STRUCTURED } from '../intake/cloud-event-request';
import { parseJsonSafely } from './safe-json';

/** The candidate CloudEvent of a message (for IngestEventsService to validate), or why it is none. */
export type KafkaCandidate = { ok: true; event: unknown } | { ok: false; errors: ValidationIssue[] };

const CE_PREFIX = 'ce_';
const JSON_MEDIA_TYPE = /^application\/(?:[^;]+\+)?json$/;
const WRONG_CONTENT_TYPE = `use ${STRUCTURED} (structured mode), or application/json with ce_* headers (binary mode)`;

/**
 * CloudEvents Kafka protocol binding 1.0, the Kafka twin of `parseCloudEventsRequest`: structured mode
 * (`content-type: application/cloudevents+json`, the value is the whole envelope) and binary mode (`ce_*`
 * headers hold the attributes, `content-type: application/json`, the value is `data`). The binding has no batch
 * mode. Only the framing is checked here; attributes and `data` are validated by IngestEventsService exactly
 * as for HTTP, so both intakes reject the same events with the same JSON Pointer paths.
 *
 * Written by hand rather than with the `cloudevents` SDK's `Kafka.toEvent`: the SDK throws on the first
 * problem with a message and no path, rewrites `time` through `new Date()` before anyone validated it (a
 * structured event without the optional `time` even throws a RangeError), and would validate attributes by
 * its own rules instead of the ones the HTTP intake applies.
 */
export function parseKafkaCloudEvent(message: Pick<BusMessage, 'headers' | 'value'>): KafkaCandidate {
  // Same limit as an HTTP body (413 there); brokers accept about as much by default.
  if (Buffer.byteLength(message.value, 'utf8') > BODY_LIMIT_BYTES) return fail('', `the message is larger than ${BODY_LIMIT_BYTES} bytes`);
  const contentType = headerIgnoringCase(message.headers, 'content-type');
  const mediaType = contentType?.split(';')[0].trim().toLowerCase();
  if (mediaType === STRUCTURED) return parseStructured(message.value);
  if (mediaType === BATCH) return fail('/headers/content-type', 'the Kafka binding has no batch mode: produce one event per message');
  const hasAttributes = Object.keys(message.headers).some((name) => name.toLowerCase().startsWith(CE_PREFIX));
  if (hasAttributes && mediaType && JSON_MEDIA_TYPE.test(mediaType)) return parseBinary(message, mediaType);
  return fail('/headers/content-type', WRONG_CONTENT_TYPE);
}

function parseStructured(value: string): KafkaCandidate {
  const parsed = parseJsonSafely(value);
  return parsed.ok ? { ok: true, event: parsed.value } : fail('', `the message value is not valid JSON: ${parsed.reason}`);
}

function parseBinary(message: Pick<BusMessage, 'headers' | 'value'>, mediaType: string): KafkaCandidate {
  const envelope: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (name.toLowerCase().startsWith(CE_PREFIX)) envelope[name.slice(CE_PREFIX.length).toLowerCase()] = value;
  }
  const data = parseJsonSafely(message.value);
  if (!data.ok) return fail('/data', `is not valid JSON: ${data.reason}`);
  // Set last, so a `ce_data` or `ce_datacontenttype` header cannot stand in for the value and its content type.
  return { ok: true, event: { ...envelope, datacontenttype: mediaType, data: data.value } };
}

/** Kafka header names are case-sensitive bytes; producers differ on `content-type` vs `Content-Type`. */
function headerIgnoringCase(headers: Record<string, string>, name: string): string | undefined {
  if (headers[name] !== undefined) return headers[name];
  return Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

function fail(path: string, message: string): KafkaCandidate {
  return { ok: false, errors: [{ path, message }] };
}
