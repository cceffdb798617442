import type { RecordedEvent } from '@csp/event-store';
import { InMemoryEventStore } from '@csp/event-store';
import { type BusMessage, eventToMessage, type MessageBus } from '@csp/message-bus';
import { DEFAULT_IDENTITY_CONFIG } from '@csp/customer-profile-domain';
import { EventOutboxRelay, openServiceDataSource, ProjectionRunner } from '@csp/projections';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import type { DataSource } from 'typeorm';
import { PROFILE_ENTITIES, PROFILE_MIGRATIONS } from '../customer-profile.module';
import { customer360Projection, type Customer360ProjectionDeps } from '../customers/customer-360.projection';
import { Customer360Query } from '../customers/customer-360.query';

/** An event as a producer stored it: stream `<category>-<key>`, `time` = when it happened. */
export interface TestEvent {
  id: string;
  type: string;
  category: 'interaction' | 'ticket' | 'customer' | 'profileConfig';
  key: string;
  time: string;
  data: unknown;
}

export interface ProfileProjectionKit {
  db: TestDatabase;
  dataSource: DataSource;
  /** Where the projection's announcements (merges, tiers) land: `deliver` relays the outbox after each batch. */
  store: InMemoryEventStore;
  query: Customer360Query;
  /** Delivers the events as one bus batch, each at a fresh position (so the runner's checkpoint skips none). */
  deliver(events: readonly TestEvent[]): Promise<void>;
  /** Relays what the outbox holds (after work outside `deliver`, e.g. the daily job); returns how many appends. */
  relayOutbox(): Promise<number>;
  /** Every row of the read model, table by table, in a stable order. */
  dump(): Promise<Record<string, unknown[]>>;
  close(): Promise<void>;
}

/** The 360 projection over a fresh PostgreSQL database, fed directly (no bus): for read-model tests. */
export async function openProfileProjectionKit(name: string, options: { care?: Customer360ProjectionDeps['care'] } = {}): Promise<ProfileProjectionKit> {
  const db = await createTestDatabase(name);
  const dataSource = await openServiceDataSource({ url: db.url, schema: 'customer_profile', entities: PROFILE_ENTITIES, migrations: PROFILE_MIGRATIONS });
  const store = new InMemoryEventStore();
  const runner = new ProjectionRunner(dataSource, undefined as unknown as MessageBus, customer360Projection({ identity: DEFAULT_IDENTITY_CONFIG, care: options.care }));
  const outbox = new EventOutboxRelay(dataSource, store, { name: 'test-outbox' });
  let position = 0n;
  return {
    db,
    dataSource,
    store,
    query: new Customer360Query(dataSource),
    async deliver(events) {
      const messages = events.map((e): BusMessage => {
        position += 1n;
        const recorded: RecordedEvent = {
          id: e.id, type: e.type, streamName: `${e.category}-${e.key}`, category: e.category, revision: 0n, position, data: e.data,
          metadata: { occurredAt: e.time, partitionKey: e.key }, recordedAt: new Date(e.time),
        };
        const m = eventToMessage(recorded);
        return { ...m, headers: m.headers ?? {}, topic: 'test', scope: 'test', position, attempt: 1 };
      });
      for (let i = 0; i < messages.length; i += 200) {
        await runner.applyBatch(messages.slice(i, i + 200));
        await outbox.drain();
      }
    },
    relayOutbox: () => outbox.drain(),
    async dump() {
      const tables: Record<string, string> = {
        customers: 'SELECT * FROM customers ORDER BY id',
        customer_aliases: 'SELECT * FROM customer_aliases ORDER BY alias_id',
        customer_identities: 'SELECT * FROM customer_identities ORDER BY kind, value, customer_id',
        identity_observations: 'SELECT * FROM identity_observations ORDER BY id',
        observation_identities: 'SELECT * FROM observation_identities ORDER BY identity_key, observation_id',
        shared_identities: 'SELECT * FROM shared_identities ORDER BY identity_key',
        identity_decisions: 'SELECT * FROM identity_decisions ORDER BY event_id',
        customer_timeline: 'SELECT * FROM customer_timeline ORDER BY event_id',
        customer_tickets: 'SELECT * FROM customer_tickets ORDER BY ticket_id',
        profile_config: 'SELECT * FROM profile_config ORDER BY kind',
      };
      const out: Record<string, unknown[]> = {};
      for (const [table, sql] of Object.entries(tables)) out[table] = await dataSource.query(sql);
      return out;
    },
    async close() {
      await dataSource.destroy();
      await db.drop();
    },
  };
}
