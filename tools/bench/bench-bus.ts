import { createTestDatabase, kcatAvailable, startKafkaMockCluster } from '@csp/testing';
import { Command } from 'commander';
import { DATABASE_HELP, positiveInt, runMain } from './bench-cli';
import { note } from './bench-progress';
import { type Comparison, comparisonTable, machineLine, passes } from './bench-report';
import { consumerComparison, type ConsumerBenchOptions } from './consumer-scenario';
import { relayComparison } from './relay-scenario';

const program = new Command('npm run bench:bus --')
  .description(
    'Kafka path on librdkafka\'s mock cluster (kcat): EventRelay + KafkaMessageBus vs a bare kafkajs producer, and ' +
      'KafkaMessageBus.consume vs a bare kafkajs eachBatch consumer, on the same messages (~1 KB CloudEvents, ' +
      'binary mode). Prints a Markdown table on stdout; progress on stderr.',
  )
  .option('--messages <n>', 'messages the relay and the bare producer each publish', positiveInt, 50_000)
  .option('--consume-messages <n>', 'messages in the consumed topic (the mock keeps 5 MiB per partition)', positiveInt, 10_000)
  .option('--consume-rounds <n>', 'times each consumer reads the whole topic (new group each time)', positiveInt, 10)
  .option('--batch-size <n>', 'relay page size = bare producer batch size', positiveInt, 500)
  .option('--payload-bytes <n>', 'size of each event\'s data JSON (the message value)', positiveInt, 1000)
  .option('--brokers <n>', 'brokers in the mock cluster', positiveInt, 3)
  .option('--timeout-seconds <n>', 'give up on a phase after this long', positiveInt, 300)
  .option('--analyze', 'ANALYZE the events table after the prefill (as autovacuum eventually does)', false)
  .option('--strict', 'exit with code 2 when a target is missed', false)
  .addHelpText('after', `${DATABASE_HELP}\nNeeds kcat (apt-get install -y kcat) for the mock Kafka cluster.`);

interface CliOptions {
  messages: number;
  consumeMessages: number;
  consumeRounds: number;
  batchSize: number;
  payloadBytes: number;
  brokers: number;
  timeoutSeconds: number;
  analyze: boolean;
  strict: boolean;
}

async function main(): Promise<void> {
  const opts = program.parse().opts<CliOptions>();
  if (!kcatAvailable()) throw new Error('kcat is not installed: the bus benchmark needs librdkafka\'s mock cluster (apt-get install -y kcat)');
  const cluster = await startKafkaMockCluster({ brokers: opts.brokers });
  const db = await createTestDatabase('bench_bus');
  note(`mock cluster ${cluster.bootstrapServers.join(',')}, fresh database ${db.name}`);
  try {
    const options: ConsumerBenchOptions = {
      url: db.url,
      brokers: cluster.bootstrapServers,
      messages: opts.messages,
      batchSize: opts.batchSize,
      payloadBytes: opts.payloadBytes,
      timeoutMs: opts.timeoutSeconds * 1000,
      consumeMessages: Math.min(opts.consumeMessages, opts.messages),
      consumeRounds: opts.consumeRounds,
      analyze: opts.analyze,
    };
    const relay = await relayComparison(options);
    const consumer = await consumerComparison(options, relay.messages);
    const averageBytes = relay.messages.reduce((sum, m) => sum + m.value.length + JSON.stringify(m.headers).length, 0) / relay.messages.length;
    report([relay.comparison, consumer], opts, averageBytes);
    if (opts.strict && ![relay.comparison, consumer].every(passes)) process.exitCode = 2;
  } finally {
    await db.drop();
    await cluster.stop();
  }
}

function report(comparisons: Comparison[], o: CliOptions, averageBytes: number): void {
  const out = (text = '') => process.stdout.write(`${text}\n`);
  out('## bench:bus: Kafka relay and consumer vs bare kafkajs (librdkafka mock cluster)');
  out();
  out(
    machineLine({
      kafka: `librdkafka mock cluster via kcat, ${o.brokers} brokers, auto-created topics (4 partitions)`,
      'message size': `~${Math.round(averageBytes)} B (value + headers)`,
      'event store statistics': o.analyze ? 'ANALYZE after the prefill (--analyze)' : 'as left by the prefill (no ANALYZE by the benchmark)',
    }),
  );
  out();
  out(comparisonTable(comparisons));
  out();
  out('items = messages; relay latency = one page (read from the store, publish, checkpoint); producer latency = one send.');
  out('Consumer timing starts at the first delivered message (group join excluded for both).');
}

runMain(main);
