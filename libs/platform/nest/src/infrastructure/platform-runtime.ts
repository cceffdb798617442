import { type CheckpointStore, EsdbEventStore, type EventStore, PostgresCheckpointStore, PostgresEventStore } from '@csp/event-store';
import { EventRelay, KafkaMessageBus, LogMessageBus, type MessageBus } from '@csp/message-bus';
import { openServiceDataSource, type ServiceDataSourceOptions } from '@csp/projections';
import type { DataSource } from 'typeorm';
import type { Closeable } from './worker-host';

export interface PlatformRuntimeOptions {
  serviceName: string;
  databaseUrl: string;
  /** EventStoreDB / KurrentDB (`esdb://...`); else the PostgreSQL event store at `databaseUrl`. */
  eventStoreUrl?: string;
  /** Kafka brokers; else the log bus (the event store's global log). */
  kafkaBrokers?: string[];
  /** Stream categories this service owns -> topic: published by the relay when the bus is Kafka. */
  relayRoutes?: Readonly<Record<string, string>>;
  /** Kafka fetch wait (tests use ~100 ms). */
  kafkaMaxWaitTimeInMs?: number;
}

export interface PlatformRuntime {
  store: EventStore;
  checkpoints: CheckpointStore;
  bus: MessageBus;
  /** The outbox relay (Kafka only); run it as a worker of the service. */
  relay?: EventRelay;
  /** Background workers the runtime needs (the relay, when there is one). */
  workers: EventRelay[];
  describe(): { eventStore: 'postgres' | 'eventstoredb'; bus: 'log' | 'kafka' };
  /** Readiness: the event store answers (`name` is the health check's name). */
  name: string;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Chooses the adapters from configuration (same code everywhere): the PostgreSQL event store and the log
 * bus by default; EventStoreDB when `eventStoreUrl` is set; Kafka (with this service's outbox relay) when
 * `kafkaBrokers` is set.
 */
export async function openPlatformRuntime(options: PlatformRuntimeOptions): Promise<PlatformRuntime> {
  let store: EventStore;
  let checkpoints: CheckpointStore;
  let checkpointStore: PostgresCheckpointStore | undefined;
  if (options.eventStoreUrl) {
    store = EsdbEventStore.fromConnectionString(options.eventStoreUrl);
    // EventStoreDB holds no tables: relay and log-bus checkpoints live in PostgreSQL.
    checkpoints = checkpointStore = await PostgresCheckpointStore.create(options.databaseUrl, 'eventstore');
  } else {
    const pgStore = await PostgresEventStore.create({ connectionString: options.databaseUrl });
    store = checkpoints = pgStore;
  }
  const kafka = options.kafkaBrokers?.length
    ? new KafkaMessageBus({ brokers: options.kafkaBrokers, clientId: options.serviceName, maxWaitTimeInMs: options.kafkaMaxWaitTimeInMs })
    : undefined;
  const bus: MessageBus = kafka ?? new LogMessageBus({ store, checkpoints });
  const relay =
    kafka && options.relayRoutes && Object.keys(options.relayRoutes).length > 0
      ? new EventRelay({ name: `relay:${options.serviceName}`, store, checkpoints, bus: kafka, routes: options.relayRoutes })
      : undefined;
  return {
    store,
    checkpoints,
    bus,
    relay,
    workers: relay ? [relay] : [],
    name: 'eventstore',
    ping: async () => {
      await store.readStream('health-ping', { maxCount: 1 });
      return true;
    },
    describe: () => ({ eventStore: options.eventStoreUrl ? 'eventstoredb' : 'postgres', bus: kafka ? 'kafka' : 'log' }),
    async close() {
      await relay?.stop();
      await bus.close();
      await checkpointStore?.close();
      await store.close();
    },
  };
}

export interface ServiceResourcesOptions extends Pick<PlatformRuntimeOptions, 'serviceName' | 'relayRoutes'> {
  config: { DATABASE_URL: string; EVENTSTORE_URL?: string; KAFKA_BROKERS?: string[] };
  /** The service's own PostgreSQL schema for its read models. */
  schema: string;
  entities: ServiceDataSourceOptions['entities'];
  migrations: ServiceDataSourceOptions['migrations'];
}

/** The runtime (event store, bus, relay) and the service's migrated read-model data source. */
export async function openServiceResources(options: ServiceResourcesOptions): Promise<{ runtime: PlatformRuntime; dataSource: DataSource }> {
  const { config } = options;
  const dataSource = await openServiceDataSource({
    url: config.DATABASE_URL, schema: options.schema, entities: options.entities, migrations: options.migrations,
  });
  const runtime = await openPlatformRuntime({
    serviceName: options.serviceName,
    databaseUrl: config.DATABASE_URL,
    eventStoreUrl: config.EVENTSTORE_URL,
    kafkaBrokers: config.KAFKA_BROKERS,
    relayRoutes: options.relayRoutes,
  });
  return { runtime, dataSource };
}

/** A read-model data source as a worker-host resource: a `postgres` readiness check, closed on shutdown. */
export function dataSourceResource(dataSource: DataSource): Closeable {
  return { name: 'postgres', ping: () => dataSource.query('SELECT 1').then(() => true), close: () => dataSource.destroy() };
}
