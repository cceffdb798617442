import { type CustomerRef, customerIdFor, type EventCatalogue, eventIdFor, type ValidationIssue } from '@csp/contracts';
import type { EventStore } from '@csp/event-store';
import { validateEnvelope, type ValidEnvelope } from './envelope.validator';
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
  scopes: readonly string[];
}

/**
 * The intake path shared by HTTP and (later) Kafka: validate each CloudEvent against the catalogue,
 * normalise identifiers, derive the deterministic event id from (`source`, `id`) and append to the
 * customer's interaction stream. Valid events are stored even when a neighbour is invalid; nothing invalid is.
 */
export class IngestEventsService {
  constructor(
    private readonly store: EventStore,
    private readonly catalogue: EventCatalogue,
    private readonly now: () => Date = () => new Date(),
  ) {}

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
    for (const { envelope } of valid) {
      const eventId = eventIdFor(envelope.source, envelope.id);
      const customerId = customerIdFor(customerOf(envelope));
      // Interaction streams hold independent facts from many connectors: there is no invariant to protect,
      // so 'any' revision; the deterministic event id makes a redelivery a no-op.
      const appended = await this.store.append(
        `interaction-${customerId}`,
        [{
          id: eventId,
          type: envelope.type,
          data: envelope.data,
          metadata: {
            source: envelope.source, ceId: envelope.id, occurredAt: envelope.time ?? receivedAt, receivedAt,
            subject: envelope.subject, partitionKey: customerId, connectorId: connector.connectorId,
            correlationId: correlationId ?? eventId,
          },
        }],
        { expectedRevision: 'any' },
      );
      (appended.duplicates > 0 ? result.duplicates : result.accepted).push({ id: envelope.id, eventId });
    }
    return { result, forbidden };
  }

  private check(candidate: unknown, connector: Connector) {
    const envelope = validateEnvelope(candidate);
    if (!envelope.ok) return envelope;
    const { type } = envelope.envelope;
    const definition = this.catalogue.get(type);
    if (!definition?.public) {
      return { ok: false as const, errors: [{ path: '/type', message: `unknown event type '${type}'; see GET /v1/event-types` }] };
    }
    if (!connector.scopes.includes(type)) {
      return { ok: false as const, forbidden: true, errors: [{ path: '/type', message: `this connector key may not send '${type}'` }] };
    }
    const data = normaliseIdentifiers(envelope.envelope.data);
    const validation = this.catalogue.validate(type, data);
    if (!validation.ok) return validation;
    return { ok: true as const, envelope: { ...envelope.envelope, data } };
  }
}

/** The customer an event is about: its `customer`, or the social account of an unattributed mention. */
function customerOf(envelope: ValidEnvelope): CustomerRef {
  const data = envelope.data as { customer?: CustomerRef; platform?: string; handle?: string };
  if (data.customer) return data.customer;
  return { social: { platform: String(data.platform), handle: String(data.handle) } };
}

function idOf(candidate: unknown): string | undefined {
  const id = (candidate as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}
