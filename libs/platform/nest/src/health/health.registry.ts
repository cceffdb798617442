export interface HealthCheckResult {
  ok: boolean;
  detail?: unknown;
}

export type HealthCheck = () => Promise<HealthCheckResult>;

export interface HealthReport {
  ok: boolean;
  checks: Record<string, HealthCheckResult & { durationMs: number }>;
}

/**
 * Readiness checks of the service's dependencies (database, event store, Kafka). Register them at startup:
 * `health.register('postgres', async () => ({ ok: (await pool.query('select 1')).rowCount === 1 }))`.
 * Checks run in parallel; a check that throws or takes longer than the timeout counts as failed.
 */
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  constructor(private readonly timeoutMs = 5000) {}

  register(name: string, check: HealthCheck): void {
    if (this.checks.has(name)) throw new Error(`health check '${name}' is already registered`);
    this.checks.set(name, check);
  }

  async run(): Promise<HealthReport> {
    const entries = await Promise.all([...this.checks].map(async ([name, check]) => [name, await this.timed(check)] as const));
    return { ok: entries.every(([, result]) => result.ok), checks: Object.fromEntries(entries) };
  }

  private async timed(check: HealthCheck): Promise<HealthCheckResult & { durationMs: number }> {
    const started = performance.now();
    const result = await withTimeout(check, this.timeoutMs).catch((error: unknown) => ({
      ok: false,
      detail: error instanceof Error ? error.message : String(error),
    }));
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    return result.detail === undefined ? { ok: result.ok, durationMs } : { ok: result.ok, detail: jsonSafe(result.detail), durationMs };
  }
}

/** The report is served as JSON: bigints (log positions in a worker's status) become decimal strings. */
function jsonSafe(detail: unknown): unknown {
  return JSON.parse(JSON.stringify(detail, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)));
}

async function withTimeout(check: HealthCheck, timeoutMs: number): Promise<HealthCheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([check(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
