import { BODY_LIMIT_BYTES } from '@csp/platform-nest';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = join(__dirname, '..', '..');

/** A server under test, running as a child process of the benchmark (its pid is the one whose CPU is read). */
export interface ServerProcess {
  name: string;
  pid: number;
  baseUrl: string;
  port: number;
  /** The last lines it printed (for errors). */
  lastLines(): string;
  stop(): Promise<void>;
}

export interface OursOptions {
  databaseUrl: string;
  connectorKey: string;
  logLevel: string;
  startTimeoutMs: number;
  /** Write a V8 CPU profile here when the server exits. */
  cpuProfDir?: string;
}

/** A connector key in the format ingestion accepts (`csk_` + random). */
export function newConnectorKey(): string {
  return `csk_${randomBytes(24).toString('base64url')}`;
}

/**
 * The real ingestion service from its sources, as `npm start` runs it, on its own database: the bootstrap
 * connector key gives a demo connector allowed every public event type; the per-connector rate limit is set
 * out of reach so that it does not throttle the benchmark.
 */
export async function startIngestion(o: OursOptions): Promise<ServerProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: o.databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    AUTH_JWT_SECRET: randomBytes(32).toString('base64url'),
    BOOTSTRAP_CONNECTOR_KEY: o.connectorKey,
    INGEST_RATE_LIMIT_PER_SECOND: '1000000',
    LOG_LEVEL: o.logLevel,
  };
  // The PostgreSQL event store and the log bus, whatever the shell exports.
  delete env['KAFKA_BROKERS'];
  delete env['EVENTSTORE_URL'];
  const args = [...profileArgs(o.cpuProfDir), '-r', join(ROOT, 'tools', 'register.js'), join(ROOT, 'apps', 'ingestion', 'src', 'main.ts')];
  return startChild('ingestion', args, env, port, o.startTimeoutMs);
}

/** The bare Fastify ceiling (bare-ingest-server.ts), with the same body limit as the platform's apps. */
export async function startBare(startTimeoutMs: number, cpuProfDir?: string): Promise<ServerProcess> {
  const port = await freePort();
  const env = { ...process.env, BARE_PORT: String(port), BARE_BODY_LIMIT: String(BODY_LIMIT_BYTES) };
  const args = [...profileArgs(cpuProfDir), '-r', join(ROOT, 'tools', 'register.js'), join(__dirname, 'bare-ingest-server.ts')];
  return startChild('bare fastify', args, env, port, startTimeoutMs);
}

/** Node's own profiler: the profile is written when the process exits (the graceful SIGTERM of `stop`). */
const profileArgs = (dir: string | undefined): string[] => (dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []);

async function startChild(name: string, args: string[], env: NodeJS.ProcessEnv, port: number, timeoutMs: number): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  const lines: string[] = [];
  for (const input of [child.stdout, child.stderr]) {
    createInterface({ input }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 40) lines.shift();
    });
  }
  const server: ServerProcess = {
    name,
    pid: child.pid,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    lastLines: () => lines.join('\n'),
    stop: () => stopChild(child),
  };
  try {
    await waitReady(server, child, timeoutMs);
  } catch (error) {
    await server.stop();
    throw new Error(`${name} did not become ready: ${(error as Error).message}; its last output:\n${server.lastLines()}`);
  }
  return server;
}

/** Polls GET /health/ready until it answers 200. */
async function waitReady(server: ServerProcess, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited (${child.exitCode ?? child.signalCode})`);
    const status = await fetch(`${server.baseUrl}/health/ready`).then(
      (r) => r.arrayBuffer().then(() => r.status),
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`GET /health/ready not 200 after ${timeoutMs} ms (last: ${status || 'no answer'})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** SIGTERM (graceful shutdown), SIGKILL after 20 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

/** A TCP port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
