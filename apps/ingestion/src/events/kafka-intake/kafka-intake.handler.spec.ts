import { ALL_EVENTS, EventCatalogue, Topics } from '@csp/contracts';
import { InMemoryEventStore } from '@csp/event-store';
import { type BusMessage, DLQ_HEADERS, type OutgoingMessage } from '@csp/message-bus';
import { IngestEventsService } from '../intake/ingest-events.service';
import { KAFKA_CONNECTOR, KAFKA_INTAKE_GROUP, kafkaIntakeHandler } from './kafka-intake.handler';

const NOW = new Date('2025-03-01T12:00:00Z');
const event = (id: string, data: Record<string, unknown> = { channel: 'chat', customer: { email: 'ada@example.com' }, body: 'hi' }) =>
  ({ specversion: '1.0', id, source: '/chat', type: 'cs.message.received.v1', data });

let offset = 0n;
const message = (value: string, headers: Record<string, string> = { 'content-type': 'application/cloudevents+json' }): BusMessage =>
  ({ topic: Topics.ingest, key: 'k1', value, headers, scope: `${Topics.ingest}:2`, position: offset++, attempt: 1 });

class RecordingBus {
  readonly published: { topic: string; messages: readonly OutgoingMessage[] }[] = [];
  failWith?: (messages: readonly OutgoingMessage[]) => Error | undefined;
  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    const error = this.failWith?.(messages);
    if (error) throw error;
    this.published.push({ topic, messages });
  }
  get dead(): OutgoingMessage[] {
    return this.published.flatMap((p) => p.messages);
  }
}

describe('kafkaIntakeHandler', () => {
  let store: InMemoryEventStore;
  let bus: RecordingBus;
  let handle: ReturnType<typeof kafkaIntakeHandler>;
  const stored = async () => store.readAll({ filter: { categories: ['interaction'] }, maxCount: 1000 });

  beforeEach(() => {
    store = new InMemoryEventStore();
    bus = new RecordingBus();
    handle = kafkaIntakeHandler({ service: new IngestEventsService(store, new EventCatalogue(ALL_EVENTS)), bus, now: () => NOW });
  });

  it('may send every public event type, as the connector the brokers authenticated', () => {
    expect(KAFKA_CONNECTOR.connectorId).toBe('kafka');
    expect(KAFKA_CONNECTOR.scopes).toContain('cs.order.placed.v1');
  });

  it('stores the valid events of a batch once and dead-letters the invalid ones in offset order, then returns', async () => {
    const noBody = event('m3', { channel: 'chat', customer: { email: 'b@example.com' } });
    const batch = [
      message(JSON.stringify(event('m1'))),
      message('{"specversion":'),
      message(JSON.stringify(noBody)),
      message(JSON.stringify(event('m1'))),
      message(JSON.stringify({ ...event('m4'), type: 'cs.nope.v1' })),
      message(JSON.stringify(event('m5'))),
    ];
    await handle(batch);

    expect((await stored()).map((e) => e.metadata['ceId'])).toEqual(['m1', 'm5']);
    expect(bus.published.map((p) => p.topic)).toEqual([Topics.ingestDlq]);
    expect(bus.dead.map((d) => d.value)).toEqual([batch[1].value, batch[2].value, batch[4].value]);
    const reasons = bus.dead.map((d) => JSON.parse(d.headers?.[DLQ_HEADERS.error] ?? 'null'));
    expect(reasons).toEqual([
      [{ path: '', message: expect.stringContaining('not valid JSON') }],
      [{ path: '/data/body', message: expect.any(String) }],
      [{ path: '/type', message: expect.stringContaining('unknown event type') }],
    ]);
    expect(bus.dead[0]).toMatchObject({
      key: 'k1',
      headers: {
        'content-type': 'application/cloudevents+json',
        [DLQ_HEADERS.originTopic]: Topics.ingest,
        [DLQ_HEADERS.originPartition]: '2',
        [DLQ_HEADERS.originOffset]: batch[1].position.toString(),
        [DLQ_HEADERS.consumerGroup]: KAFKA_INTAKE_GROUP,
        [DLQ_HEADERS.attempts]: '1',
        [DLQ_HEADERS.failedAt]: NOW.toISOString(),
      },
    });
  });

  it('throws when the store fails, before dead-lettering anything, so the retried batch is not half done', async () => {
    jest.spyOn(store, 'appendMany').mockRejectedValueOnce(new Error('connection refused'));
    const batch = [message(JSON.stringify(event('m1'))), message('not json')];
    await expect(handle(batch)).rejects.toThrow('connection refused');
    expect(bus.published).toEqual([]);

    await handle(batch);
    expect(await stored()).toHaveLength(1);
    expect(bus.dead).toHaveLength(1);
  });

  it('throws when the dead-letter topic cannot be written (the stored events are duplicates on retry)', async () => {
    bus.failWith = () => new Error('brokers down');
    await expect(handle([message(JSON.stringify(event('m1'))), message('not json')])).rejects.toThrow('brokers down');
    expect(await stored()).toHaveLength(1);
  });

  it('dead-letters a message whose copy the brokers refuse as too large without its value', async () => {
    const [small, big] = [message('small'), message('x'.repeat(2_000))];
    bus.failWith = (messages) =>
      messages.some((m) => m.value.length > 1_000) ? Object.assign(new Error('wrapped'), { cause: { type: 'MESSAGE_TOO_LARGE' } }) : undefined;
    await handle([small, big]);
    expect(bus.dead.map((d) => d.value)).toEqual(['small', '']);
    expect(bus.dead[1].headers?.[DLQ_HEADERS.originOffset]).toBe(big.position.toString());
    expect(JSON.parse(bus.dead[1].headers?.[DLQ_HEADERS.error] ?? '[]')).toContainEqual({ path: '', message: expect.stringContaining('2000 bytes dropped') });
  });
});
