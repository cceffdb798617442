import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export interface RunningPlatform {
  urls: { ingestion: string; ticketing: string; profile: string; analytics: string };
  credentials: Record<'admin' | 'manager' | 'lead' | 'agent' | 'analyst' | 'connector', string>;
  output(): string;
  /** Ctrl-C, as a user would; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Runs `npm start`'s launcher exactly as a user would, in its own data directory and ports. */
export async function launchPlatform(options: { portOffset: number; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunningPlatform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'csp-e2e-'));
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', join(ROOT, 'tools', 'register.js'), join(ROOT, 'tools', 'embedded', 'start.ts'), '--data-dir', dataDir,
      '--port-offset', String(options.portOffset), '--postgres-port', String(15400 + options.portOffset), '--log-level', 'warn'],
    { cwd: ROOT, env: withoutUnset({ ...process.env, ...options.env }), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + (options.timeoutMs ?? 150_000);
  while (!output.includes('Press Ctrl-C to stop.')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the platform did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const port = (base: number) => `http://127.0.0.1:${base + options.portOffset}`;
  return {
    urls: { ingestion: port(3001), ticketing: port(3002), profile: port(3003), analytics: port(3004) },
    credentials: JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8')),
    output: () => output,
    async stop() {
      child.kill('SIGINT');
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** An `undefined` value in `env` removes that variable from the child's environment. */
function withoutUnset(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}

/** Polls `probe` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
