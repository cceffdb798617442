import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import type { Socket } from 'node:net';

/**
 * librdkafka's built-in mock Kafka cluster, started through Debian's `kcat` (no Kafka broker can be
 * installed on these machines). It speaks the real wire protocol; kafkajs consumer groups, rebalances and
 * offset commits work against it. It has no CreateTopics API: topics are auto-created with 4 partitions.
 */
export interface KafkaMockCluster {
  bootstrapServers: string[];
  stop(): Promise<void>;
}

export interface KafkaMockClusterOptions {
  brokers?: number;
  /** How long to wait for the "Mock cluster ... bootstrap.servers=" line (default 10 s). */
  startTimeoutMs?: number;
}

const KCAT = 'kcat';
const BOOTSTRAP_LINE = /Mock cluster .*bootstrap\.servers=(\S+)/;

let kcatFound: boolean | undefined;

export function kcatAvailable(): boolean {
  if (kcatFound === undefined) {
    try {
      execFileSync(KCAT, ['-V'], { stdio: 'ignore' });
      kcatFound = true;
    } catch {
      kcatFound = false;
    }
  }
  return kcatFound;
}

/**
 * True when the Kafka suite can run. When kcat is missing, prints a loud message naming the skipped suite
 * and returns false; under `CI=true` it throws instead, because CI installs kcat and a silent skip there
 * would hide a broken setup.
 */
export function requireKcatOrSkip(suite: string): boolean {
  if (kcatAvailable()) return true;
  const message =
    `kcat is not installed: SKIPPING "${suite}" (it needs librdkafka's mock Kafka cluster). ` +
    'Install it with `apt-get install -y kcat`.';
  if (process.env.CI === 'true') throw new Error(`${message} CI=true: refusing to skip.`);
  process.stderr.write(`\n${'!'.repeat(100)}\n!!! ${message}\n${'!'.repeat(100)}\n\n`);
  return false;
}

/**
 * Starts a mock cluster and resolves with its bootstrap servers once kcat printed them. The cluster lives as
 * long as kcat runs; `stop()` ends it, and so does the exit of this process (even a SIGKILL, see `watchdog`).
 */
export async function startKafkaMockCluster(options: KafkaMockClusterOptions = {}): Promise<KafkaMockCluster> {
  const { brokers = 3, startTimeoutMs = 10_000 } = options;
  const kcatArgs = ['-X', `test.mock.num.brokers=${brokers}`, '-b', 'ignored', '-C', '-t', 'keepalive', '-d', 'mock'];
  const child = spawn('sh', ['-c', watchdog, 'kcat-mock', ...kcatArgs], {
    stdio: ['pipe', 'ignore', 'pipe'],
    detached: true,
  });
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);
  try {
    const bootstrap = await waitForBootstrap(child, startTimeoutMs);
    unref(child);
    return {
      bootstrapServers: bootstrap.split(','),
      stop: async () => {
        process.removeListener('exit', killOnExit);
        await stopChild(child);
      },
    };
  } catch (error) {
    process.removeListener('exit', killOnExit);
    killGroup(child, 'SIGKILL');
    throw error;
  }
}

/**
 * kcat never reads stdin in consumer mode, so a shell holds our end of a pipe: when this process dies for
 * any reason the pipe closes, `read` returns and the shell kills kcat. No orphaned mock clusters.
 */
const watchdog = 'kcat "$@" </dev/null & pid=$!; read -r _ignored; kill "$pid" 2>/dev/null; wait "$pid"';

function waitForBootstrap(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`mock cluster not ready after ${timeoutMs} ms: ${seen.slice(-500)}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString('utf8')).slice(-64_000);
      const match = BOOTSTRAP_LINE.exec(seen);
      if (match) done(() => resolve(match[1]));
    };
    const onExit = (code: number | null) => fail(new Error(`kcat exited (${code}) before the mock cluster was ready: ${seen.slice(-500)}`));
    const fail = (error: Error) => done(() => reject(error));
    const done = (settle: () => void) => {
      clearTimeout(timer);
      child.removeListener('exit', onExit);
      // The mock logs every request on stderr: keep draining it, or kcat blocks once the pipe is full.
      child.stderr?.removeListener('data', onData);
      child.stderr?.resume();
      settle();
    };
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', fail);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin?.end();
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

/** A forgotten `stop()` must not keep the process alive: the watchdog ends kcat when we exit anyway. */
function unref(child: ChildProcess): void {
  child.unref();
  (child.stdin as Socket | null)?.unref();
  (child.stderr as Socket | null)?.unref();
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
