import type { RecordedEvent } from '@csp/event-store';
import { type BusMessage, type ConsumerOptions, eventToMessage, type MessageBus } from '@csp/message-bus';
import { eventConsumerWorker } from './consumer-worker';

/** A bus that hands the worker's handler to the test instead of consuming anything. */
function capturingBus() {
  let handler: ConsumerOptions['handler'] | undefined;
  const bus = {
    consume: async (options: ConsumerOptions) => {
      handler = options.handler;
      return { stop: async () => undefined, health: () => ({ groupId: options.groupId, alive: true }) };
    },
  } as unknown as MessageBus;
  const deliver = (messages: BusMessage[]) => {
    if (!handler) throw new Error('the worker has not started consuming');
    return handler(messages);
  };
  return { bus, deliver };
}

let position = 0n;
function message(key: string, n: number): BusMessage {
  position += 1n;
  const event: RecordedEvent = {
    id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`, type: 'x.v1', streamName: `s-${key}`, category: 's',
    revision: 0n, position, data: { key, n }, metadata: { partitionKey: key }, recordedAt: new Date(0),
  };
  const m = eventToMessage(event);
  return { ...m, key, headers: m.headers ?? {}, topic: 't', scope: 'log', position, attempt: 1 };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('eventConsumerWorker', () => {
  const batch = () => ['a', 'b', 'a', 'c', 'b', 'a', 'd'].map((key, n) => message(key, n));

  it('handles the batch in order by default', async () => {
    const { bus, deliver } = capturingBus();
    const seen: number[] = [];
    await eventConsumerWorker(bus, { groupId: 'g', topics: ['t'], handle: async (e) => void seen.push((e.data as { n: number }).n) }).start();
    await deliver(batch());
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('with concurrency, runs different keys at once and keeps each key in order', async () => {
    const { bus, deliver } = capturingBus();
    const seen: { key: string; n: number }[] = [];
    let running = 0;
    let most = 0;
    const handle = async (e: { data: unknown }) => {
      running++;
      most = Math.max(most, running);
      await tick();
      seen.push(e.data as { key: string; n: number });
      running--;
    };
    await eventConsumerWorker(bus, { groupId: 'g', topics: ['t'], concurrency: 3, handle }).start();
    await deliver(batch());
    expect(most).toBe(3);
    for (const key of ['a', 'b', 'c', 'd']) {
      const ns = seen.filter((s) => s.key === key).map((s) => s.n);
      expect(ns).toEqual([...ns].sort((x, y) => x - y));
    }
    expect(seen).toHaveLength(7);
  });

  it('fails the batch when one key failed, after the other keys finished (the bus redelivers it)', async () => {
    const { bus, deliver } = capturingBus();
    const done: string[] = [];
    const handle = async (e: { data: unknown }) => {
      const { key, n } = e.data as { key: string; n: number };
      await tick();
      if (key === 'b') throw new Error(`b failed at ${n}`);
      done.push(`${key}${n}`);
    };
    await eventConsumerWorker(bus, { groupId: 'g', topics: ['t'], concurrency: 4, handle }).start();
    await expect(deliver(batch())).rejects.toThrow('b failed at 1');
    expect(done.sort()).toEqual(['a0', 'a2', 'a5', 'c3', 'd6']);
  });
});
