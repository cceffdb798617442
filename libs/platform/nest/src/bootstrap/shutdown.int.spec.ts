import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(__dirname, '../../../../..');
const fixture = join(__dirname, '../testing/shutdown-service.fixture.ts');

interface Child {
  process: ChildProcess;
  lines: Record<string, unknown>[];
  waitFor(predicate: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

function startChild(): Child {
  const child = spawn(process.execPath, ['-r', join(root, 'tools/register.js'), fixture], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: Record<string, unknown>[] = [];
  const waiters: { predicate: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (text) => {
    const line = JSON.parse(text) as Record<string, unknown>;
    lines.push(line);
    for (const waiter of waiters.filter((w) => w.predicate(line))) waiter.resolve(line);
  });
  const waitFor = (predicate: (line: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const seen = lines.find(predicate);
      if (seen) resolve(seen);
      else waiters.push({ predicate, resolve });
    });
  return { process: child, lines, waitFor };
}

describe('shutdown on SIGTERM', () => {
  let child: Child | undefined;

  afterEach(() => {
    if (child?.process.exitCode === null) child.process.kill('SIGKILL');
  });

  it('finishes in-flight requests, closes HTTP, then runs onApplicationShutdown hooks, then exits 0', async () => {
    child = startChild();
    const startup = await child.waitFor((line) => String(line['msg']).includes('listening on'));
    const api = (startup['urls'] as { api: string }).api;

    const inFlight = fetch(`${api}/v1/slow`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const exited = once(child.process, 'close');
    child.process.kill('SIGTERM');

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });

    await child.waitFor((line) => line['msg'] === 'consumer stopping (SIGTERM)');
    await expect(fetch(`${api}/health/live`)).rejects.toThrow();

    const [code] = await exited;
    expect(code).toBe(0);
    expect(child.lines.slice(1).map((line) => line['msg'])).toEqual([
      'received SIGTERM: closing the HTTP server, then stopping consumers',
      'request completed',
      'consumer stopping (SIGTERM)',
      'consumer stopped',
      'stopped',
    ]);
  }, 20_000);
});
