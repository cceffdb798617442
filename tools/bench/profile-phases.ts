import type { PostgresEventStore } from '@csp/event-store';
import { Pool, type PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { note, progressBar } from './bench-progress';
import { PROFILE_SCHEMA, readModelTables } from '../replay/customer-profile/profile-app';
import { type CopyResult, copyBack, dumpTable, type TableDump, truncate } from './profile-copy';
import { Hotspots } from './profile-hotspots';
import { byIdRequests, httpCaller, lookupRequests, type OpenLoopResult, openLoop, pgCaller, type ProfileRequest } from './profile-latency';
import { cpuMeter, type CpuSpent, rebuild, type RebuildResult } from './profile-rebuild';
import { startProfileService } from './profile-service';
import type { LookupTarget } from './profile-traffic';

export interface RebuildPhase {
  rebuild: RebuildResult;
  hotspots: Hotspots;
  /** Absent with --skip-rebuild (no COPY baseline). */
  copy?: CopyResult;
  /** CPU of the COPY baseline (this process and the database's backends). */
  copyCpu?: CpuSpent;
  dumps?: Omit<TableDump, 'chunks'>[];
}

/** The set-based rebuild timed, every statement and log read timed; then the rows it produced, dumped and COPYed back (timed). */
export async function rebuildPhase(
  // The service's DataSource: its migrations created the (empty) tables the rebuild fills over its own connection.
  _migrated: DataSource, store: PostgresEventStore, url: string, o: { pageSize: number; rowsPerCopy: number; total: number; withCopy: boolean },
): Promise<RebuildPhase> {
  const hotspots = new Hotspots();
  const result = await rebuild(url, store, { pageSize: o.pageSize, progress: progressBar('rebuild (set-based)', o.total), hotspots });
  // The log bus of the service started later resumes after the rebuild instead of reading the log again.
  await store.storeCheckpoint('bus:customer-profile.customer-360', result.lastPosition);
  if (!o.withCopy) return { rebuild: result, hotspots };
  const pool = new Pool({ connectionString: url, max: 1 });
  const client: PoolClient = await pool.connect();
  try {
    const tables = await readModelTables(client, PROFILE_SCHEMA);
    note(`dumping ${tables.length} tables of ${PROFILE_SCHEMA} (${tables.join(', ')})`);
    const dumps: TableDump[] = [];
    for (const t of tables) dumps.push(await dumpTable(client, PROFILE_SCHEMA, t, o.rowsPerCopy));
    await truncate(client, PROFILE_SCHEMA, tables);
    // What the projection left behind (dead rows, its transactions' WAL) is flushed before COPY's clock starts.
    await client.query('CHECKPOINT');
    note(`COPY FROM STDIN of ${dumps.reduce((s, d) => s + d.rows, 0)} rows ...`);
    const stopMeter = await cpuMeter(client);
    const copy = await copyBack(client, PROFILE_SCHEMA, dumps);
    const copyCpu = await stopMeter();
    note(cpuLine(result, copyCpu));
    return { rebuild: result, hotspots, copy, copyCpu, dumps: dumps.map(({ chunks: _chunks, ...d }) => d) };
  } finally {
    client.release();
    await pool.end();
  }
}

/**
 * The rebuild against the COPY baseline in CPU (node + PostgreSQL backends), which the machine's other load does not
 * stretch the way it stretches wall time; the ratio is the COPY's CPU over the rebuild's (the wall-time target's 30 %).
 */
export function cpuLine(r: RebuildResult, copy: CpuSpent): string {
  const per1k = (ms: number) => ((ms / r.events) * 1000).toFixed(1);
  const [ours, bare] = [r.cpu.nodeMs + r.cpu.postgresMs, copy.nodeMs + copy.postgresMs];
  return `CPU per 1,000 events: rebuild ${per1k(ours)} ms (node ${per1k(r.cpu.nodeMs)} + postgres ${per1k(r.cpu.postgresMs)}), ` +
    `COPY baseline ${per1k(bare)} ms (node ${per1k(copy.nodeMs)} + postgres ${per1k(copy.postgresMs)}); COPY / rebuild = ${((bare / ours) * 100).toFixed(1)} %; ` +
    `rebuild CPU for 2,000,000 events: ${((ours / r.events) * 2_000_000 / 1000).toFixed(0)} s (two cores: /2 at best)`;
}

export interface ApiScenario {
  name: string;
  short: string;
  target: { p99Ms: number };
  ours: OpenLoopResult;
  bare: OpenLoopResult;
  problems: string[];
}

/** The real service (child process) at a fixed rate, then the same questions as raw pg queries at the same rate. */
export async function apiPhase(url: string, targets: readonly LookupTarget[], o: { rate: number; seconds: number; seed: string; logLevel: string; concurrency: number }): Promise<ApiScenario[]> {
  const count = Math.round(o.rate * o.seconds);
  const scenarios: { name: string; short: string; p99Ms: number; requests: ProfileRequest[] }[] = [
    { name: `GET /v1/customers/lookup?email=|phone= (half each, phones in 4 spellings), ${o.rate}/s open loop`, short: 'lookup', p99Ms: 20, requests: lookupRequests(targets, count, o.seed) },
    { name: `GET /v1/customers/:id, ${o.rate}/s open loop`, short: 'GET :id', p99Ms: 50, requests: byIdRequests(targets, count, o.seed) },
  ];
  note('starting customer-profile from sources ...');
  const service = await startProfileService({ databaseUrl: url, logLevel: o.logLevel, startTimeoutMs: 120_000 });
  const pool = new Pool({ connectionString: url, max: 10 });
  const out: ApiScenario[] = [];
  try {
    // Warm-up (JIT, pools, plans): a few seconds of each kind, not measured.
    for (const s of scenarios) {
      const warm = httpCaller(service.port, service.authorization, s.requests.slice(0, 400), o.concurrency, []);
      await openLoop(Math.min(400, s.requests.length), o.rate, o.concurrency, warm.call, progressBar('warm-up', Math.min(400, s.requests.length)));
      warm.close();
    }
    for (const s of scenarios) {
      const problems: string[] = [];
      const http = httpCaller(service.port, service.authorization, s.requests, o.concurrency, problems);
      const ours = await openLoop(count, o.rate, o.concurrency, http.call, progressBar('service', count));
      http.close();
      await Promise.all(Array.from({ length: 10 }, () => pool.query('SELECT 1')));
      const bare = await openLoop(count, o.rate, o.concurrency, pgCaller(pool, s.requests), progressBar('raw pg', count));
      out.push({ name: s.name, short: s.short, target: { p99Ms: s.p99Ms }, ours, bare, problems });
    }
  } finally {
    await pool.end();
    await service.stop();
  }
  return out;
}
