import { issueToken } from '@csp/platform-nest';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from './ingest-servers';

const ROOT = join(__dirname, '..', '..');

export interface ProfileService {
  pid: number;
  port: number;
  /** `Bearer <agent token>` signed with the service's secret. */
  authorization: string;
  lastLines(): string;
  stop(): Promise<void>;
}

/**
 * The real customer-profile service from its sources (as `npm start` runs it) on the bench database: PostgreSQL
 * event store and log bus (Kafka unset), a fresh HS256 secret, and an agent token signed with it the way
 * libs/platform/nest verifies them (issuer `csp`, `roles` claim).
 */
export async function startProfileService(o: { databaseUrl: string; logLevel: string; startTimeoutMs: number }): Promise<ProfileService> {
  const port = await freePort();
  const secret = randomBytes(32).toString('base64url');
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: o.databaseUrl, PORT: String(port), HOST: '127.0.0.1', AUTH_JWT_SECRET: secret, AUTH_JWT_ISSUER: 'csp', LOG_LEVEL: o.logLevel };
  delete env['KAFKA_BROKERS'];
  delete env['EVENTSTORE_URL'];
  const child = spawn(process.execPath, ['-r', join(ROOT, 'tools', 'register.js'), join(ROOT, 'apps', 'customer-profile', 'src', 'main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error('could not start customer-profile');
  const lines: string[] = [];
  for (const input of [child.stdout, child.stderr]) {
    createInterface({ input }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 40) lines.shift();
    });
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + o.startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`customer-profile exited (${child.exitCode ?? child.signalCode}):\n${lines.join('\n')}`);
    const status = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.arrayBuffer().then(() => r.status), () => 0);
    if (status === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`customer-profile not ready after ${o.startTimeoutMs} ms (last: ${status || 'no answer'}):\n${lines.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const token = await issueToken(secret, { subject: 'bench-agent', roles: ['agent'], issuer: 'csp', expiresIn: '2h' });
  return { pid: child.pid, port, authorization: `Bearer ${token}`, lastLines: () => lines.join('\n'), stop };
}
