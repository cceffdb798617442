import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { deadLetterTopicFor } from '@csp/contracts';
import { type KafkaMockCluster, requireKcatOrSkip, startKafkaMockCluster } from '@csp/testing';
import { type BusMessage, DLQ_HEADERS } from '../message-bus.port';
import {
  Collector,
  ConsumerPool,
  FAST_RETRY,
  describeMessageBusBehaviour,
  expectedValues,
  keyedMessages,
  sleep,
  uniqueName,
  waitUntil,
} from '../testing';
import type { CrashMemberArgs } from './kafka-crash-member.fixture';
import { KafkaMessageBus, type KafkaMessageBusOptions } from './kafka-message-bus.adapter';

const SUITE = 'KafkaMessageBus on the librdkafka mock cluster';
const runnable = requireKcatOrSkip(SUITE);
const describeKafka = runnable ? describe : describe.skip;

// Short group timings: the mock waits `sessionTimeout - 1000` ms for members to re-join during a rebalance
// (and 3 s on the first join of an empty group, which cannot be tuned).
const TEST_TIMINGS = { maxWaitTimeInMs: 100, sessionTimeout: 3_000, heartbeatInterval: 300 } as const;
const LOG_LEVEL = (process.env.KAFKA_LOG_LEVEL ?? 'nothing') as KafkaMessageBusOptions['logLevel'];
const TIMEOUT = 30_000;

let cluster: KafkaMockCluster | undefined;
const brokers = () => {
  if (!cluster) throw new Error('mock cluster not started (see beforeAll)');
  return cluster.bootstrapServers;
};
const newBus = () => new KafkaMessageBus({ brokers: brokers(), clientId: 'int_spec', logLevel: LOG_LEVEL, ...TEST_TIMINGS });

describeKafka(SUITE, () => {
  beforeAll(async () => {
    cluster = await startKafkaMockCluster({ brokers: 3 });
  });
  afterAll(() => cluster?.stop());

  describeMessageBusBehaviour('kafka (3-broker mock cluster)', async () => {
    const bus = newBus();
    return { bus, cleanup: () => bus.close() };
  });

  describe('Kafka specifics', () => {
    const pool = new ConsumerPool();
    let bus: KafkaMessageBus;
    beforeAll(() => {
      bus = newBus();
    });
    afterEach(() => pool.stopAll());
    afterAll(() => bus.close());

    it('consumes every partition of an auto-created topic (4 on the mock), in offset order, lag back to 0', async () => {
      const [topic, groupId] = [uniqueName('t'), uniqueName('g')];
      const messages = keyedMessages(Array.from({ length: 16 }, (_, i) => `key_${i}`), 64);
      const collector = new Collector();
      const consumer = pool.add(await bus.consume({ groupId, topics: [topic], handler: collector.handler }));
      await bus.publish(topic, messages);

      await collector.waitForDistinct(64);
      const scopes = [...new Set(collector.handled.map((message) => message.scope))].sort();
      expect(scopes).toEqual([0, 1, 2, 3].map((partition) => `${topic}:${partition}`));
      for (const scope of scopes) {
        const positions = collector.handled.filter((message) => message.scope === scope).map((m) => m.position);
        expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
        expect(new Set(positions).size).toBe(positions.length);
      }
      const health = consumer.health();
      expect(health).toMatchObject({ groupId, alive: true, lag: 0 });
      expect(health.lastActivityAt).toBeInstanceOf(Date);
    }, TIMEOUT);

    it('dead-letters a poison message with its partition and offset while later messages keep flowing', async () => {
      const [topic, groupId] = [uniqueName('t'), uniqueName('g')];
      const messages = keyedMessages(['k_poison', 'k_other'], 40);
      const poisonValue = 'k_poison:5';
      const poisonDeliveries: BusMessage[] = [];
      const collector = new Collector({
        poison: (message) => message.value === poisonValue && poisonDeliveries.push(message) > 0,
      });
      const dlq = new Collector();
      await Promise.all([
        bus.consume({ groupId: uniqueName('g'), topics: [deadLetterTopicFor(groupId)], handler: dlq.handler }).then((c) => pool.add(c)),
        bus.consume({ groupId, topics: [topic], handler: collector.handler, retry: FAST_RETRY }).then((c) => pool.add(c)),
      ]);
      await bus.publish(topic, messages);

      await Promise.all([collector.waitForDistinct(39), dlq.waitForDistinct(1)]);
      const byKey = collector.firstSeenByKey();
      expect(byKey.get('k_poison')).toEqual(expectedValues(messages).filter((v) => v.startsWith('k_poison') && v !== poisonValue));
      expect(byKey.get('k_other')).toHaveLength(20);
      const [dead] = dlq.handled;
      const [poison] = poisonDeliveries;
      expect(dead).toMatchObject({ key: 'k_poison', value: poisonValue });
      expect(dead.headers[DLQ_HEADERS.originScope]).toBe(poison.scope);
      expect(dead.headers[DLQ_HEADERS.originPartition]).toBe(poison.scope.split(':')[1]);
      expect(dead.headers[DLQ_HEADERS.originOffset]).toBe(poison.position.toString());
      expect(dead.headers[DLQ_HEADERS.attempts]).toBe(String(FAST_RETRY.maxAttempts + 1));
    }, TIMEOUT);

    it('a second member joining mid-stream takes over partitions; every message handled, per-key order kept', async () => {
      const [topic, groupId] = [uniqueName('t'), uniqueName('g')];
      const keys = Array.from({ length: 12 }, (_, i) => `key_${i}`);
      const messages = keyedMessages(keys, 240);
      const shared = new Collector({ delayMs: 5 });
      const memberScopes = [new Set<string>(), new Set<string>()];
      const handlerOf = (member: number) => async (batch: BusMessage[]) => {
        await shared.handler(batch);
        batch.forEach((message) => memberScopes[member].add(message.scope));
      };
      pool.add(await bus.consume({ groupId, topics: [topic], handler: handlerOf(0) }));
      const producing = (async () => {
        for (let from = 0; from < messages.length; from += 20) {
          await bus.publish(topic, messages.slice(from, from + 20));
          await sleep(150);
        }
      })();
      await shared.waitForDistinct(20);
      const second = pool.add(await bus.consume({ groupId, topics: [topic], handler: handlerOf(1) }));
      await producing;

      await shared.waitForDistinct(240);
      expect(memberScopes[1].size).toBeGreaterThan(0);
      expect(second.health().alive).toBe(true);
      const byKey = shared.firstSeenByKey();
      for (const key of keys) expect(byKey.get(key)).toEqual(Array.from({ length: 20 }, (_, seq) => `${key}:${seq}`));
    }, TIMEOUT);

    it('a member killed mid-batch (SIGKILL): a restarted member loses nothing and redoes only unacknowledged work', async () => {
      const [topic, groupId] = [uniqueName('t'), uniqueName('g')];
      const messages = keyedMessages(['k_a', 'k_b', 'k_c', 'k_d', 'k_e', 'k_f'], 60);
      const stuckValue = 'k_c:4';
      await bus.publish(topic, messages.slice(0, 30));
      const child = await startCrashMember({ brokers: brokers(), topic, groupId, stuckValue });
      await bus.publish(topic, messages.slice(30));
      await waitUntil(() => child.lines.includes('stuck'), 20_000, () => `child printed ${child.lines.length} lines`);
      child.process.kill('SIGKILL');
      const doneByChild = new Set(child.lines.filter((line) => line.startsWith('done ')).map((line) => line.slice(5)));

      const restarted = new Collector();
      pool.add(await bus.consume({ groupId, topics: [topic], handler: restarted.handler }));
      const all = expectedValues(messages);
      await waitUntil(
        () => all.every((value) => doneByChild.has(value) || restarted.distinctValues().has(value)),
        20_000,
        () => `${doneByChild.size} done by the killed member + ${restarted.distinctValues().size} after restart, of ${all.length}`,
      );
      expect(restarted.distinctValues().has(stuckValue)).toBe(true);
      // Everything the killed member finished was acknowledged and committed before its stuck batch began.
      expect(restarted.values().filter((value) => doneByChild.has(value))).toEqual([]);
    }, TIMEOUT);

    it('graceful stop waits for the batch in hand and commits it', async () => {
      const [topic, groupId] = [uniqueName('t'), uniqueName('g')];
      const messages = keyedMessages(['k_slow'], 10);
      const handledBeforeStop: string[] = [];
      let handlerFinishedAt = 0;
      let batchInHand = false;
      const consumer = await bus.consume({
        groupId,
        topics: [topic],
        handler: async (batch) => {
          batchInHand = true;
          await sleep(800);
          handledBeforeStop.push(...batch.map((message) => message.value));
          handlerFinishedAt = Date.now();
        },
      });
      await bus.publish(topic, messages.slice(0, 5));
      await waitUntil(() => batchInHand, 10_000, () => 'no batch started');
      await bus.publish(topic, messages.slice(5));
      await consumer.stop();
      const stoppedAt = Date.now();
      expect(handledBeforeStop.length).toBeGreaterThan(0);
      expect(stoppedAt).toBeGreaterThanOrEqual(handlerFinishedAt);

      const after = new Collector();
      pool.add(await bus.consume({ groupId, topics: [topic], handler: after.handler }));
      const rest = expectedValues(messages).filter((value) => !handledBeforeStop.includes(value));
      expect(rest.length).toBeGreaterThan(0);
      await after.waitForDistinct(rest.length);
      await sleep(300);
      expect(after.values()).toEqual(rest);
    }, TIMEOUT);
  });
});

interface CrashMember {
  process: ChildProcess;
  lines: string[];
}

/** Runs kafka-crash-member.fixture.ts in a child process and resolves once it joined the group. */
async function startCrashMember(args: CrashMemberArgs): Promise<CrashMember> {
  const root = path.resolve(__dirname, '../../../../..');
  const child = spawn(
    process.execPath,
    ['-r', path.join(root, 'tools/register.js'), path.join(__dirname, 'kafka-crash-member.fixture.ts'), JSON.stringify(args)],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const member: CrashMember = { process: child, lines: [] };
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    member.lines.push(...lines);
  });
  await waitUntil(() => member.lines.includes('ready') || child.exitCode !== null, 20_000, () => 'crash member not ready');
  if (child.exitCode !== null) throw new Error(`crash member exited with ${child.exitCode}`);
  return member;
}
