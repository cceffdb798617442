import { type TicketOpenedData, Topics } from '@csp/contracts';
import { type AnalyticsStore, batchDeduplicationToken } from '@csp/clickhouse';
import { type BusMessage, type Consumer, type MessageBus, messageToEvent } from '@csp/message-bus';
import type { BackgroundWorker } from '@csp/platform-nest';

/**
 * Writes ticket facts to ClickHouse, one insert per delivered batch. The handler returns (and the bus
 * acknowledges) only after the insert succeeded; the deduplication token is derived from the batch's event
 * ids, so a redelivered batch after a crash is dropped by ClickHouse instead of counted twice.
 */
export class TicketFactsWorker implements BackgroundWorker {
  readonly name = 'analytics';
  private consumer?: Consumer;

  constructor(
    private readonly bus: MessageBus,
    private readonly analytics: AnalyticsStore,
    private readonly deadLetterTopic?: string,
  ) {}

  async start(): Promise<void> {
    this.consumer = await this.bus.consume({
      groupId: this.name,
      topics: [Topics.ticketing],
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

  async write(messages: BusMessage[]): Promise<void> {
    const rows = [];
    for (const message of messages) {
      const event = messageToEvent(message);
      if (event?.type !== 'cs.ticket.opened.v1') continue;
      const d = event.data as TicketOpenedData;
      rows.push({
        ticket_id: d.ticketId, number: d.number, customer_id: d.customerId, channel: d.channel, team: d.teamId ?? '',
        agent: '', category: d.category ?? '', tier: '', priority: d.priority, status: 'open', created_at: d.openedAt,
        revision: Number(event.revision ?? 0), event_id: event.id,
      });
    }
    if (rows.length === 0) return;
    const token = batchDeduplicationToken('tickets', rows.map((r) => r.event_id));
    await this.analytics.insert('tickets', rows, { deduplicationToken: token });
  }
}
