// The kafka-init script of docker-compose.yml, run by a real /bin/sh against a fake kafka-topics.sh that
// records its calls: every topic is created with its partitions and replication factor, and a topic the
// broker does not list afterwards fails the run (so the apps, which wait for it, never start without it).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environmentOf, interpolate, readCompose, scriptOf } from './deploy-files';

const service = readCompose().services['kafka-init'];
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'csp-kafka-init-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A fake kafka-topics.sh: `--create` records the call, `--list` prints created topics minus $FORGET. */
function fakeKafkaTopics(createExitCode = 0): string {
  const path = join(dir, `kafka-topics-${createExitCode}.sh`);
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      'case " $* " in',
      `  *" --create "*) echo "$*" >> "$CALLS"; exit ${createExitCode} ;;`,
      '  *" --list "*) sed -n "s/.*--topic \\([^ ]*\\).*/\\1/p" "$CALLS" | grep -vx "${FORGET:-none}"; exit 0 ;;',
      'esac',
      'exit 3',
    ].join('\n'),
  );
  chmodSync(path, 0o755);
  return path;
}

function runInit(options: { forget?: string; createExitCode?: number; hostEnv?: Record<string, string> } = {}) {
  const calls = join(dir, `calls-${Math.random().toString(36).slice(2)}`);
  writeFileSync(calls, '');
  const script = interpolate(scriptOf(service), options.hostEnv).replace(
    /\/opt\/kafka\/bin\/kafka-topics\.sh/g,
    fakeKafkaTopics(options.createExitCode),
  );
  const env = Object.fromEntries(
    Object.entries(environmentOf(service)).map(([k, v]) => [k, interpolate(v, options.hostEnv)]),
  );
  const result = spawnSync('/bin/sh', ['-ec', script], {
    env: { PATH: process.env.PATH, ...env, CALLS: calls, FORGET: options.forget ?? '' },
    encoding: 'utf8',
  });
  const created = readFileSync(calls, 'utf8').split('\n').filter(Boolean);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, created };
}

const topicsOf = (name: 'TOPICS' | 'DLQ_TOPICS') => environmentOf(service)[name].split(/\s+/);

describe('kafka-init', () => {
  it('creates every topic once, idempotently, with its partitions and replication factor', () => {
    const { status, stdout, created } = runInit();
    expect(status).toBe(0);
    expect(stdout).toContain('kafka-init: all topics exist');
    const expected = [
      ...topicsOf('TOPICS').map((t) => ({ t, partitions: 12 })),
      ...topicsOf('DLQ_TOPICS').map((t) => ({ t, partitions: 3 })),
    ];
    expect(created).toEqual(
      expected.map(
        ({ t, partitions }) =>
          `--bootstrap-server kafka:9092 --create --if-not-exists --topic ${t} --partitions ${partitions} ` +
          '--replication-factor 1 --config min.insync.replicas=1',
      ),
    );
  });

  it('takes partitions and replication from the operator\'s environment', () => {
    const hostEnv = { KAFKA_TOPIC_PARTITIONS: '24', KAFKA_REPLICATION_FACTOR: '3', KAFKA_MIN_INSYNC_REPLICAS: '2' };
    const { status, created } = runInit({ hostEnv });
    expect(status).toBe(0);
    expect(created[0]).toContain('--partitions 24 --replication-factor 3 --config min.insync.replicas=2');
  });

  it('fails when a topic is missing afterwards', () => {
    const { status, stderr } = runInit({ forget: 'cs.ticketing.v1' });
    expect(status).not.toBe(0);
    expect(stderr).toContain('kafka-init: topic cs.ticketing.v1 is missing');
  });

  it('fails as soon as a creation fails', () => {
    const { status, created } = runInit({ createExitCode: 1 });
    expect(status).not.toBe(0);
    expect(created).toHaveLength(1);
  });
});
