import { type CustomerRef, customerIdFor, type EventCatalogue, eventIdFor, type ValidationIssue } from '@csp/contracts';
import { type EventStore, GroupCommitAppender, type StreamAppend } from '@csp/event-store';
import { validateEnvelope, type ValidEnvelope } from './envelope.validator';
import { unstorableText } from './storable-text';
import { normaliseIdentifiers } from '@csp/ingestion-domain';

export interface IngestResult {
  accepted: { id: string; eventId: string }[];
  duplicates: { id: string; eventId: string }[];
  rejected: { index: number; id?: string; errors: ValidationIssue[] }[];
}

/** The result plus how many rejections were for an event type outside the connector's scope (HTTP 403). */
export interface IngestOutcome {
  result: IngestResult;
  forbidden: number;
}

export interface Connector {
  connectorId: string;
  /** Event types it may send. */
  scopes: readonly string[];
  /** CloudEvents sources it may send from (`/shop/*` matches by prefix); empty or absent: any. */
  sources?: readonly string[];
}

/**
 * The intake path shared by HTTP and (later) Kafka: validate each CloudEvent against the catalogue,
 * normalise identifiers, derive the deterministic event id from (`source`, `id`) and append to the
 * customer's interaction stream. Valid events are stored even when a neighbour is invalid; nothing invalid is.
 */
export class IngestEventsService {
  private readonly appender: GroupCommitAppender;

  constructor(
    store: EventStore,
    private readonly catalogue: EventCatalogue,
    private readonly now: () => Date = () => new Date(),
  ) {
    // Concurrent requests share commits: one round trip for many single-event requests.
    this.appender = new GroupCommitAppender(store);
  }

  async ingest(candidates: readonly unknown[], connector: Connector, correlationId?: string): Promise<IngestOutcome> {
    const result: IngestResult = { accepted: [], duplicates: [], rejected: [] };
    const valid: { index: number; envelope: ValidEnvelope }[] = [];
    let forbidden = 0;
    candidates.forEach((candidate, index) => {
      const checked = this.check(candidate, connector);
      if (checked.ok) valid.push({ index, envelope: checked.envelope });
      else {
        if ('forbidden' in checked) forbidden++;
        result.rejected.push({ index, id: idOf(candidate), errors: checked.errors });
      }
    });
    const receivedAt = this.now().toISOString();
    const appends = valid.map(({ envelope }): StreamAppend => {
      const eventId = eventIdFor(envelope.source, envelope.id);
      const customerId = customerIdFor(customerOf(envelope));
      const metadata = {
        source: envelope.source, ceId: envelope.id, occurredAt: envelope.time ?? receivedAt, receivedAt,
        subject: envelope.subject, partitionKey: customerId, connectorId: connector.connectorId,
        correlationId: correlationId ?? eventId,
      };
      // Interaction streams hold independent facts from many connectors: there is no invariant to protect,
      // so 'any' revision; the deterministic event id makes a redelivery a no-op.
      return { streamName: `interaction-${customerId}`, events: [{ id: eventId, type: envelope.type, data: envelope.data, metadata }], expectedRevision: 'any' };
    });
    const appended = await this.appender.appendAll(appends);
    appended.forEach((outcome, i) => {
      (outcome.duplicates > 0 ? result.duplicates : result.accepted).push({ id: valid[i].envelope.id, eventId: appends[i].events[0].id });
    });
    return { result, forbidden };
  }

  private check(candidate: unknown, connector: Connector) {
    const envelope = validateEnvelope(candidate);
    if (!envelope.ok) return envelope;
    const unstorable = unstorableText(candidate);
    if (unstorable.length > 0) return { ok: false as const, errors: unstorable };
    const { type } = envelope.envelope;
    const definition = this.catalogue.get(type);
    if (!definition?.public) {
      return { ok: false as const, errors: [{ path: '/type', message: `unknown event type '${type}'; see GET /v1/event-types` }] };
    }
    if (!connector.scopes.includes(type)) {
      return { ok: false as const, forbidden: true, errors: [{ path: '/type', message: `this connector may not send '${type}'` }] };
    }
    if (!sourceAllowed(envelope.envelope.source, connector.sources)) {
      return { ok: false as const, forbidden: true, errors: [{ path: '/source', message: `this connector may not send from source '${envelope.envelope.source}'` }] };
    }
    const { data, errors } = normaliseIdentifiers(envelope.envelope.data);
    const validation = this.catalogue.validate(type, data);
    if (!validation.ok || errors.length > 0) {
      const all = [...errors, ...(validation.ok ? [] : validation.errors.filter((v) => !errors.some((e) => e.path === v.path)))];
      return { ok: false as const, errors: all };
    }
    return { ok: true as const, envelope: { ...envelope.envelope, data } };
  }
}

/** The customer an event is about: its `customer`, or the social account of an unattributed mention. */
function customerOf(envelope: ValidEnvelope): CustomerRef {
  const data = envelope.data as { customer?: CustomerRef; platform?: string; handle?: string };
  if (data.customer) return data.customer;
  return { social: { platform: String(data.platform), handle: String(data.handle) } };
}

function sourceAllowed(source: string, allowed: readonly string[] | undefined): boolean {
  if (!allowed || allowed.length === 0) return true;
  return allowed.some((pattern) => (pattern.endsWith('*') ? source.startsWith(pattern.slice(0, -1)) : source === pattern));
}

function idOf(candidate: unknown): string | undefined {
  const id = (candidate as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}
