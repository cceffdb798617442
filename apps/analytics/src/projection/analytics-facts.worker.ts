import { Topics } from '@csp/contracts';
import { type AnalyticsStore, batchDeduplicationToken, RowBatch, type TableRow } from '@csp/clickhouse';
import { type BusMessage, type Consumer, type DeliveredEvent, type MessageBus, messageToEvent } from '@csp/message-bus';
import type { BackgroundWorker } from '@csp/platform-nest';
import { BUSINESS_DURATIONS_TABLE, BusinessDurationsProjection } from './business-durations.projection';
import { customerEventRows } from './customer-event.rows';
import { interactionEventRows } from './interaction-event.rows';
import { ticketingEventRows } from './ticket-event.rows';
import { RECOMPUTE_TICKETS } from './ticket-state.sql';

/** The topics analytics reads and how each one's events become fact rows. */
const ROWS_BY_TOPIC: Record<string, (event: DeliveredEvent) => TableRow[]> = {
  [Topics.interactions]: interactionEventRows,
  [Topics.ticketing]: ticketingEventRows,
  [Topics.customers]: customerEventRows,
};

/** The topics the analytics projection consumes (the replay reads the same). */
export const ANALYTICS_TOPICS: readonly string[] = Object.keys(ROWS_BY_TOPIC);

/**
 * Projects the platform's events into the ClickHouse fact tables, one insert per table per delivered batch.
 * The handler returns (and the bus acknowledges) only after every insert succeeded. Each insert's
 * deduplication token hashes the table and the batch's event ids, so a batch redelivered after a crash is
 * dropped by ClickHouse; a duplicate that comes back inside a different batch collapses in the
 * ReplacingMergeTree tables (keyed by event id) and the KPI queries read them FINAL or through idempotent
 * aggregates. Facts keep their event time (the daily tables of migration 0004 bucket by it too), so a late event
 * simply lands at its own event time.
 * Two facts are derived, after the batch's facts are written, from them and what came before: the state of every
 * ticket the batch touched (one statement recomputing their rows of `tickets` from all their events, see
 * ticket-state.sql.ts; a redelivery recomputes equal rows) and business-hours durations (see
 * BusinessDurationsProjection), inserted last under their own token.
 */
export class AnalyticsFactsWorker implements BackgroundWorker {
  readonly name = 'analytics';
  private consumer?: Consumer;
  private readonly durations: BusinessDurationsProjection;

  constructor(
    private readonly bus: MessageBus,
    private readonly analytics: AnalyticsStore,
    private readonly deadLetterTopic?: string,
  ) {
    this.durations = new BusinessDurationsProjection(analytics);
  }

  async start(): Promise<void> {
    this.consumer = await this.bus.consume({
      groupId: this.name,
      topics: ANALYTICS_TOPICS,
      deadLetterTopic: this.deadLetterTopic,
      handler: (messages) => this.write(messages),
    });
  }

  health() {
    return this.consumer?.health() ?? { groupId: this.name, alive: false };
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  async write(messages: readonly BusMessage[]): Promise<void> {
    const batch = new RowBatch<bigint>();
    const rows: TableRow[] = [];
    let seq = 0;
    for (const message of messages) {
      const event = messageToEvent(message);
      const rowsOf = ROWS_BY_TOPIC[message.topic];
      // Not a CloudEvent, or a topic we do not read: nothing to count, and nothing to retry either.
      if (!event || !rowsOf || batch.has(event.id)) continue;
      const eventRows = rowsOf(event);
      rows.push(...eventRows);
      batch.add({ eventId: event.id, checkpoint: message.position }, eventRows, ++seq);
    }
    // Sequential on purpose: chDB runs one statement at a time, and on a server the order keeps a failure
    // local (the retry re-sends the same tokens, the tables already written drop their copy).
    for (const insert of batch.inserts()) {
      await this.analytics.insert(insert.table, insert.rows, { deduplicationToken: insert.deduplicationToken });
    }
    const tickets = [...new Set(rows.filter((r) => r.table === 'ticket_events').map((r) => String(r.row['ticket_id'])))];
    if (tickets.length > 0) await this.analytics.command(RECOMPUTE_TICKETS, { ids: tickets });
    const durations = await this.durations.rowsFor(rows);
    if (durations.length > 0) {
      // The token covers the values, not only the ids: a redelivered batch recomputes the same rows and is
      // dropped, while a correction (a late activation or calendars version) is new rows and is kept.
      const token = batchDeduplicationToken(BUSINESS_DURATIONS_TABLE, durations.map((r) => JSON.stringify(r)));
      await this.analytics.insert(BUSINESS_DURATIONS_TABLE, durations, { deduplicationToken: token });
    }
  }
}
