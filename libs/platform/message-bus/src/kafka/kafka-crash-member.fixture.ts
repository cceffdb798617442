/**
 * A group member run as a child process by kafka-message-bus.int.spec.ts, so the test can SIGKILL it in the
 * middle of a batch (no graceful leave, no commit). It handles batches normally and prints `done <value>` for
 * each message it finished; at the batch holding `stuckValue` it prints `stuck` and never returns.
 * Usage: node -r tools/register.js kafka-crash-member.fixture.ts '<json CrashMemberArgs>'
 */
import { KafkaMessageBus } from './kafka-message-bus.adapter';

export interface CrashMemberArgs {
  brokers: string[];
  topic: string;
  groupId: string;
  stuckValue: string;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2]) as CrashMemberArgs;
  const bus = new KafkaMessageBus({
    brokers: args.brokers,
    clientId: 'crash-member',
    logLevel: 'nothing',
    maxWaitTimeInMs: 100,
    sessionTimeout: 3_000,
    heartbeatInterval: 300,
  });
  await bus.consume({
    groupId: args.groupId,
    topics: [args.topic],
    handler: async (messages) => {
      if (messages.some((message) => message.value === args.stuckValue)) {
        process.stdout.write('stuck\n');
        await new Promise(() => undefined);
      }
      process.stdout.write(messages.map((message) => `done ${message.value}\n`).join(''));
    },
  });
  process.stdout.write('ready\n');
}

main().catch((error) => {
  process.stderr.write(`crash member failed: ${String(error)}\n`);
  process.exit(1);
});
