import type { CheckpointStore, EventStore } from '@csp/event-store';
import { errorText } from '../batch-processor';
import { runWithRestarts } from '../restart-loop';
import { eventToMessage } from '../cloud-event-binding';
import type { MessageBus, OutgoingMessage } from '../message-bus.port';

export interface EventRelayOptions {
  /** Unique name of this relay (its checkpoint key), e.g. `relay:ticketing`. */
  name: string;
  store: EventStore;
  checkpoints: CheckpointStore;
  /** The bus to publish to (Kafka in production). */
  bus: MessageBus;
  /** Stream categories this service owns, each with the topic its events go to. */
  routes: Readonly<Record<string, string>>;
  batchSize?: number;
  /** Called after each published page (tests, metrics). */
  onPublished?: (count: number, position: bigint) => void;
  onError?: (error: unknown) => void;
}

export interface RelayStatus {
  alive: boolean;
  running: boolean;
  position?: bigint;
  published: number;
  error?: string;
}

/**
 * The outbox relay: publishes the events of the streams a service owns from the event store to Kafka, keyed
 * by aggregate/customer id, with CloudEvents headers. The checkpoint moves only after Kafka acknowledged, so a
 * crash between send and checkpoint re-sends (consumers are idempotent by event id) and never loses.
 */
export class EventRelay {
  private readonly abort = new AbortController();
  private loop?: Promise<void>;
  private status: RelayStatus = { alive: false, running: false, published: 0 };

  constructor(private readonly options: EventRelayOptions) {}

  get name(): string {
    return this.options.name;
  }

  async start(): Promise<void> {
    this.status = { ...this.status, running: true, alive: true };
    this.loop = runWithRestarts(
      (progressed) => this.run(progressed),
      this.abort.signal,
      (error) => {
        // Not alive while it cannot publish (readiness turns red); alive again after the next page.
        this.status = { ...this.status, alive: false, error: errorText(error) };
        this.options.onError?.(error);
      },
    ).finally(() => {
      this.status = { ...this.status, running: false, alive: false };
    });
  }

  health(): RelayStatus {
    return { ...this.status };
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(progressed: () => void): Promise<void> {
    const { store, checkpoints, bus, routes, name } = this.options;
    const after = (await checkpoints.loadCheckpoint(name)) ?? 0n;
    const pages = store.subscribe({
      after,
      filter: { categories: Object.keys(routes) },
      signal: this.abort.signal,
      batchSize: this.options.batchSize ?? 500,
    });
    for await (const page of readAhead(pages)) {
      const byTopic = new Map<string, OutgoingMessage[]>();
      for (const event of page) {
        const topic = routes[event.category];
        const messages = byTopic.get(topic) ?? [];
        messages.push(eventToMessage(event));
        byTopic.set(topic, messages);
      }
      for (const [topic, messages] of byTopic) await bus.publish(topic, messages);
      const position = page[page.length - 1].position;
      await checkpoints.storeCheckpoint(name, position);
      this.status = { ...this.status, alive: true, position, published: this.status.published + page.length, error: undefined };
      progressed();
      this.options.onPublished?.(page.length, position);
    }
  }
}

/**
 * Pages in order, with the next page already being read while the caller publishes the current one (the
 * store read and the Kafka round trip overlap). Order and checkpoints are unchanged: the caller still handles
 * one page at a time.
 */
export async function* readAhead<T>(pages: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = pages[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const result = await next;
      if (result.done) return;
      next = iterator.next();
      yield result.value;
    }
  } finally {
    // Let a read in flight settle before the subscription is closed.
    await next.catch(() => undefined);
    await iterator.return?.();
  }
}
