import { PUBLIC_EVENT_TYPES, type PublicEventType, type SimEvent } from '@csp/simulator';

export interface TypeTally {
  generated: number;
  /** Delivered to ingestion over HTTP (answered, whatever the answer). */
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Produced to Kafka (ingestion's verdict is not visible to a producer). */
  kafka: number;
}

export interface Rejection {
  id: string;
  type: string;
  reason: string;
}

/** What a run sent and what ingestion answered, per event type. */
export interface SendTally {
  byType: Record<PublicEventType, TypeTally>;
  /** The first few rejections, to print; `rejected` counts all of them. */
  rejections: Rejection[];
  /** Requests answered 429 and retried after Retry-After. */
  throttled: number;
}

const KEPT_REJECTIONS = 5;

export function emptyTally(events: readonly Pick<SimEvent, 'type'>[] = []): SendTally {
  const byType = Object.fromEntries(
    PUBLIC_EVENT_TYPES.map((t) => [t, { generated: 0, sent: 0, accepted: 0, duplicates: 0, rejected: 0, kafka: 0 }]),
  ) as Record<PublicEventType, TypeTally>;
  for (const e of events) byType[e.type].generated++;
  return { byType, rejections: [], throttled: 0 };
}

/** The per-event outcome of one request, in api.md's shape (`202` body, or a `400`'s `rejected`). */
export interface IngestAnswer {
  accepted: ReadonlyArray<{ id: string }>;
  duplicates: ReadonlyArray<{ id: string }>;
  rejected: ReadonlyArray<{ index?: number; id?: string; errors?: ReadonlyArray<{ path: string; message: string }> }>;
}

/** Counts one answered batch; outcomes are matched to events by id, which is unique within a run. */
export function recordAnswer(tally: SendTally, batch: readonly SimEvent[], answer: IngestAnswer): void {
  const typeOf = new Map(batch.map((e) => [e.id, e.type]));
  for (const e of batch) tally.byType[e.type].sent++;
  for (const { id } of answer.accepted) bump(tally, typeOf.get(id), 'accepted');
  for (const { id } of answer.duplicates) bump(tally, typeOf.get(id), 'duplicates');
  for (const r of answer.rejected) {
    const event = r.id !== undefined ? batch.find((e) => e.id === r.id) : r.index !== undefined ? batch[r.index] : undefined;
    bump(tally, event?.type, 'rejected');
    if (tally.rejections.length < KEPT_REJECTIONS) {
      const reason = (r.errors ?? []).map((e) => `${e.path} ${e.message}`).join('; ') || 'no reason given';
      tally.rejections.push({ id: event?.id ?? r.id ?? '?', type: event?.type ?? '?', reason });
    }
  }
}

export function recordKafka(tally: SendTally, batch: readonly SimEvent[]): void {
  for (const e of batch) tally.byType[e.type].kafka++;
}

export function totals(tally: SendTally): TypeTally {
  const sum: TypeTally = { generated: 0, sent: 0, accepted: 0, duplicates: 0, rejected: 0, kafka: 0 };
  for (const t of Object.values(tally.byType)) for (const k of Object.keys(sum) as Array<keyof TypeTally>) sum[k] += t[k];
  return sum;
}

function bump(tally: SendTally, type: PublicEventType | undefined, field: 'accepted' | 'duplicates' | 'rejected'): void {
  if (type) tally.byType[type][field]++;
}
