import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { childProcesses } from './proc-memory';

const ROOT = join(__dirname, '..', '..');
const READY_LINE = 'Press Ctrl-C to stop.';
const SERVICE_NAMES = ['ingestion', 'ticketing', 'customer-profile', 'analytics'] as const;

export interface PlatformOptions {
  dataDir: string;
  portOffset: number;
  databaseUrl: string;
  logLevel: string;
  startTimeoutMs: number;
}

export interface RunningPlatform {
  launcherPid: number;
  /** Service name -> pid of its process (a child of the launcher). */
  services: Map<string, number>;
  stop(): Promise<void>;
}

/**
 * Starts the whole platform with the embedded launcher (`tools/embedded/start.ts`), on `databaseUrl`, and
 * resolves once it printed that it is ready. Its output is kept (the last lines explain a failed start).
 */
export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const args = ['-r', join(ROOT, 'tools', 'register.js'), join(ROOT, 'tools', 'embedded', 'start.ts')];
  args.push('--data-dir', options.dataDir, '--port-offset', String(options.portOffset), '--log-level', options.logLevel);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: options.databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the launcher');
  const lastLines: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform not ready after ${options.startTimeoutMs} ms`)), options.startTimeoutMs);
    for (const input of [child.stdout, child.stderr]) {
      createInterface({ input }).on('line', (line) => {
        lastLines.push(line);
        if (lastLines.length > 40) lastLines.shift();
        if (line.includes(READY_LINE)) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`launcher exited (${code}) before it was ready`));
    });
  });
  try {
    await ready;
  } catch (error) {
    await stopLauncher(child);
    throw new Error(`${(error as Error).message}; its last output:\n${lastLines.join('\n')}`);
  }
  return { launcherPid: pid, services: findServices(pid), stop: () => stopLauncher(child) };
}

function findServices(launcherPid: number): Map<string, number> {
  const children = childProcesses(launcherPid);
  const services = new Map<string, number>();
  for (const name of SERVICE_NAMES) {
    const found = children.find((c) => c.cmdline.includes(join('apps', name, 'src', 'main.ts')));
    if (!found) throw new Error(`no process of ${name} among the launcher's children: ${children.map((c) => c.cmdline).join('; ')}`);
    services.set(name, found.pid);
  }
  return services;
}

/** Ctrl-C, as a person would: the launcher stops the services (20 s grace each); SIGKILL after 40 s. */
async function stopLauncher(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const services = child.pid === undefined ? [] : childProcesses(child.pid).map((c) => c.pid);
  child.kill('SIGINT');
  const timer = setTimeout(() => {
    child.kill('SIGKILL');
    for (const pid of services) killQuietly(pid);
  }, 40_000);
  await exited;
  clearTimeout(timer);
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
