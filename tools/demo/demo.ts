import { Topics } from '@csp/contracts';
import { CONNECTOR_SOURCES, DAY, PUBLIC_EVENT_TYPES, simulateTraffic, type SimEvent } from '@csp/simulator';
import { demoProgress } from './demo-progress';
import { connectorKeyFrom, demoCommand, type DemoOptions } from './demo-options';
import { formatSummary } from './demo-summary';
import { eventsUrl } from './http-sender';
import { brokersFrom, connectKafka, type KafkaSender } from './kafka-sender';
import { requestSize } from './pacer';
import { sendTraffic } from './send-traffic';
import { emptyTally } from './send-tally';

/** `npm run demo`: generate the seeded traffic, send it (or not, with --dry-run), print what happened. */
async function main(): Promise<number> {
  const options = demoCommand().parse().opts<DemoOptions>();
  const now = Date.now();
  const events = simulateTraffic({ seed: options.seed, customers: options.customers, days: options.days, start: now - options.days * DAY });
  say(
    `Simulating ${options.customers} customers over ${options.days} day(s) with seed ${options.seed}: ${events.length} events ` +
      `from ${Object.keys(CONNECTOR_SOURCES).length} connectors, timestamped ${new Date(now - options.days * DAY).toISOString()} .. now.`,
  );
  if (options.dryRun) return dryRun(events, options);

  const via = options.via;
  const brokers = brokersFrom(process.env['KAFKA_BROKERS']);
  if (via !== 'http' && brokers.length === 0) throw new Error(`--via ${via} needs KAFKA_BROKERS (host:9092,...)`);
  const key = via === 'kafka' ? undefined : (options.key ?? connectorKeyFrom(options.dataDir));
  const pace = options.rate > 0 ? `${options.rate} events/s` : 'as fast as ingestion answers';
  if (key !== undefined) {
    const from = options.key ? '--key' : `${options.dataDir}/credentials.json`;
    say(`Sending over HTTP to ${eventsUrl(options.url)} (connector key from ${from}), ${pace}, up to ${requestSize(options.batchSize, options.rate)} events a request.`);
  }
  if (via !== 'http') say(`${via === 'both' ? 'Also producing' : 'Producing'} to Kafka topic ${Topics.ingest} on ${brokers.join(',')} (CloudEvents binary mode)${via === 'kafka' ? `, ${pace}` : ''}.`);
  else if (brokers.length > 0) say('KAFKA_BROKERS is set: --via kafka or --via both would send to Kafka as well.');
  say('Ctrl-C stops after the current request and prints what was sent.\n');

  const kafka: KafkaSender | undefined = via === 'http' ? undefined : await connectKafka(brokers);
  const stop = new AbortController();
  const onSigint = () => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort();
    process.stderr.write('\nstopping after the current request (Ctrl-C again to quit at once)...\n');
  };
  process.on('SIGINT', onSigint);
  const progress = demoProgress(events.length);
  const report = await sendTraffic(events, {
    http: key === undefined ? undefined : { url: options.url, connectorKey: key },
    kafka, rate: options.rate, batchSize: options.batchSize, signal: stop.signal,
    onProgress: (delivered, tally) => progress.update(delivered, tally),
  });
  progress.stop();
  process.off('SIGINT', onSigint);
  await kafka?.close().catch(() => undefined);
  say(formatSummary(report, { ...options, dryRun: false }));
  if (report.error) {
    process.stderr.write(`\ndemo stopped: ${report.error.message}\n`);
    return 1;
  }
  return report.stopped ? 130 : 0;
}

function dryRun(events: SimEvent[], options: DemoOptions): number {
  say('Dry run: nothing is sent. One example of each type:');
  for (const type of PUBLIC_EVENT_TYPES) {
    const example = events.find((e) => e.type === type);
    say(example ? `  ${JSON.stringify(example)}` : `  (no ${type} in this run)`);
  }
  say(formatSummary({ tally: emptyTally(events), delivered: 0, seconds: 0, stopped: false }, { ...options, dryRun: true }));
  return 0;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
