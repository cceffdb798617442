import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const SERVICES = [
  { name: 'ingestion', port: 3001 },
  { name: 'ticketing', port: 3002 },
  { name: 'customer-profile', port: 3003 },
  { name: 'analytics', port: 3004 },
] as const;

export type ServiceName = (typeof SERVICES)[number]['name'];

const ROOT = join(__dirname, '..', '..');
const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

export interface ServiceProcess {
  name: string;
  port: number;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** Starts one service from its sources (`node -r tools/register.js apps/<name>/src/main.ts`). */
export function spawnService(
  name: string,
  port: number,
  env: NodeJS.ProcessEnv,
  output: { json: boolean; write(line: string): void },
): ServiceProcess {
  const child = spawn(process.execPath, ['-r', join(ROOT, 'tools', 'register.js'), join(ROOT, 'apps', name, 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => output.write(output.json ? line : pretty(name, line)));
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, port, child, exited };
}

/** pino JSON line -> `[service] LEVEL message`; anything else is shown as it is. */
function pretty(name: string, line: string): string {
  try {
    const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
    const level = LEVELS[entry.level ?? 30] ?? 'info';
    const error = entry.err?.message ? ` (${entry.err.message})` : '';
    return `[${name}] ${level.toUpperCase().padEnd(5)} ${entry.msg ?? ''}${error}`;
  } catch {
    return `[${name}] ${line}`;
  }
}

/** Resolves when `GET /health/ready` answers 200, rejects after `timeoutMs` or when the process exits. */
export async function waitUntilReady(service: ServiceProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void service.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${service.name} exited during start`);
    try {
      const response = await fetch(`http://127.0.0.1:${service.port}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service.name} was not ready after ${timeoutMs} ms`);
}

/** SIGTERM, then SIGKILL after `graceMs` if it has not exited. */
export async function stopService(service: ServiceProcess, graceMs = 20_000): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => service.child.kill('SIGKILL'), graceMs);
  await service.exited;
  clearTimeout(timer);
}
