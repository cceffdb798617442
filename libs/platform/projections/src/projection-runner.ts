import { type BusMessage, type Consumer, type DeliveredEvent, type MessageBus, messageToEvent, type RetryPolicy } from '@csp/message-bus';
import type { DataSource, EntityManager } from 'typeorm';
import { hasEnqueued } from './outbox/event-outbox';

/** A read model: applies delivered events inside the runner's transaction (use only `manager`). */
export interface Projection {
  /** Unique name; also the consumer group id. */
  name: string;
  topics: readonly string[];
  /** Event types this projection applies; others only advance the checkpoint. */
  types?: readonly string[];
  apply(event: DeliveredEvent, manager: EntityManager): Promise<void>;
  /** Before the batch's events are applied, in its transaction: read what they will need in one go. */
  prepare?(events: readonly DeliveredEvent[], manager: EntityManager): Promise<void>;
  /** After the batch's events were applied, before its checkpoints and commit: write what was kept in memory. */
  beforeCommit?(manager: EntityManager): Promise<void>;
}

/**
 * Applies events to Postgres read models and stores the checkpoint in the same transaction: a batch is
 * all-or-nothing, and a redelivered message (position at or below the checkpoint of its scope) is skipped,
 * so every projection is idempotent whatever the bus redelivers. Catch-up comes in pages, one transaction
 * per page.
 */
export class ProjectionRunner {
  private consumer?: Consumer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: MessageBus,
    private readonly projection: Projection,
    private readonly options: {
      retry?: Partial<RetryPolicy>;
      deadLetterTopic?: string;
      /**
       * After each committed batch; `enqueued`: the batch wrote to the event outbox (`enqueueEvents`), e.g. then
       * EventOutboxRelay.wake (a relay woken for nothing costs a transaction).
       */
      afterCommit?: (batch: { enqueued: boolean }) => void;
    } = {},
  ) {}

  get name(): string {
    return this.projection.name;
  }

  async start(): Promise<void> {
    this.consumer = await this.bus.consume({
      groupId: this.projection.name,
      topics: this.projection.topics,
      handler: (messages) => this.applyBatch(messages),
      retry: this.options.retry,
      deadLetterTopic: this.options.deadLetterTopic,
    });
  }

  health() {
    return this.consumer?.health() ?? { groupId: this.projection.name, alive: false };
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  /** One transaction: read checkpoints of the batch's scopes (locked), apply new events, store checkpoints. */
  async applyBatch(messages: BusMessage[]): Promise<void> {
    const { name, types } = this.projection;
    let enqueued = false;
    await this.dataSource.transaction(async (manager) => {
      const scopes = [...new Set(messages.map((m) => m.scope))];
      const rows: { scope: string; position: string }[] = await manager.query(
        'SELECT scope, position FROM projection_checkpoints WHERE projection = $1 AND scope = ANY($2) FOR UPDATE',
        [name, scopes],
      );
      const positions = new Map(rows.map((r) => [r.scope, BigInt(r.position)]));
      const advanced = new Map<string, bigint>();
      const events: DeliveredEvent[] = [];
      for (const message of messages) {
        const done = positions.get(message.scope);
        if (done !== undefined && message.position <= done) continue;
        const event = messageToEvent(message);
        if (event && (!types || types.includes(event.type))) events.push(event);
        positions.set(message.scope, message.position);
        advanced.set(message.scope, message.position);
      }
      if (events.length > 0) await this.projection.prepare?.(events, manager);
      for (const event of events) await this.projection.apply(event, manager);
      if (events.length > 0) await this.projection.beforeCommit?.(manager);
      for (const [scope, position] of advanced) {
        await manager.query(
          `INSERT INTO projection_checkpoints (projection, scope, position) VALUES ($1, $2, $3)
           ON CONFLICT (projection, scope) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
          [name, scope, String(position)],
        );
      }
      enqueued = hasEnqueued(manager);
    });
    this.options.afterCommit?.({ enqueued });
  }
}
