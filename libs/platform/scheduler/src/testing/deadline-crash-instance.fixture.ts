/**
 * A scheduler instance run as a child process by deadline-scheduler.instances.int.spec.ts, so the test can
 * SIGKILL it in the middle of a batch (no graceful stop, nothing settled). Its handlers append the SLA event
 * (idempotent) and print `fired <id>`; the `stuckAt`-th call appends, prints `stuck <id>` and never returns:
 * the crash lands after the effect and before the settlement.
 * Usage: node -r tools/register.js deadline-crash-instance.fixture.ts '<json CrashInstanceArgs>'
 */
import { PostgresEventStore } from '@csp/event-store';
import { DeadlineScheduler } from '../deadline-scheduler';
import type { DeadlineHandler } from '../deadline.types';
import { appendSlaEvent } from './deadline-test-kit';

export interface CrashInstanceArgs {
  url: string;
  schema: string;
  stuckAt: number;
  batchSize: number;
  concurrency: number;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2]) as CrashInstanceArgs;
  const events = await PostgresEventStore.create({ connectionString: args.url });
  const append = appendSlaEvent(events);
  let calls = 0;
  const handler: DeadlineHandler = async (fired) => {
    const call = ++calls;
    await append(fired);
    if (call === args.stuckAt) {
      process.stdout.write(`stuck ${fired.id}\n`);
      await new Promise(() => undefined);
    }
    process.stdout.write(`fired ${fired.id}\n`);
  };
  const scheduler = new DeadlineScheduler({
    connectionString: args.url,
    schema: args.schema,
    name: 'crash-instance',
    handlers: { 'sla.warning': handler, 'sla.breach': handler },
    pollIntervalMs: 100,
    batchSize: args.batchSize,
    concurrency: args.concurrency,
  });
  await scheduler.start();
  process.stdout.write('ready\n');
}

main().catch((error) => {
  process.stderr.write(`crash instance failed: ${String(error)}\n`);
  process.exit(1);
});
