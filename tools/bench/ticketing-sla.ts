import { messageEvents } from '@csp/simulator';
import { Client } from 'pg';
import { note, progressBar } from './bench-progress';
import { type PlatformApi, postBatches, putConfig } from './ticketing-api';
import { ticketIdOf } from './ticketing-latency';
import type { TicketingObserver } from './ticketing-observer';
import { dueSchedule, type SlaLags, slaLags } from './ticketing-stats';
import { cpuTicks } from './proc-memory';
import { type CpuRow, CpuWindow } from './ticketing-cpu';

export interface SlaOptions {
  tickets: number;
  windowSeconds: number;
  leadSeconds: number;
  targetMinutes: number;
  warnBeforeMinutes: number;
  customers: number;
  seed: string;
  batchSize: number;
  concurrency: number;
  drainTimeoutSeconds: number;
}

export interface SlaRun {
  lags: SlaLags;
  firings: number;
  /** From the first warning due to the last SLA event recorded. */
  windowSeconds: number;
  cpu: CpuRow[];
}

export interface SlaResult {
  tickets: number;
  postSeconds: number;
  /** From the first POST until every clock was activated. */
  setupSeconds: number;
  /** Seconds between the last activation and the first warning due (negative: setup overran). */
  slackSeconds: number;
  ours: SlaRun;
  bare: SlaRun;
}

/**
 * 10,000 tickets whose first-response clocks fall due spread over `windowSeconds`, `leadSeconds` after the
 * first POST (warnings `warnBeforeMinutes` earlier): the messages are dated so, because ticketing opens a
 * ticket at its message's time and starts the clocks at the opening. Lag = `recordedAt` of cs.sla.warned.v1 /
 * cs.sla.breached.v1 minus the time it was due. Bare: a loop over a raw pg table of the same due times.
 */
export async function runSla(api: PlatformApi, observer: TicketingObserver, services: Map<string, number>, databaseUrl: string, o: SlaOptions): Promise<SlaResult> {
  const warnBeforeMs = o.warnBeforeMinutes * 60_000;
  const windowMs = o.windowSeconds * 1000;
  await putConfig(api, 'sla-policies', {
    policies: [{ id: 'bench', name: 'bench:ticketing', when: {}, targets: { first_response: o.targetMinutes }, warnBeforeMinutes: o.warnBeforeMinutes, onBreach: { notifyLead: true } }],
  });
  const started = Date.now();
  const firstWarnAt = started + o.leadSeconds * 1000;
  const schedule = dueSchedule(o.tickets, firstWarnAt + warnBeforeMs, windowMs, o.targetMinutes);
  const messages = messageEvents({ seed: `${o.seed}-sla`, count: o.tickets, customers: Math.min(o.customers, o.tickets), followUpShare: 0 }).map((e, i) => ({
    ...e,
    time: new Date(schedule[i].messageAt).toISOString(),
  }));
  const clocks = messages.map((m) => `${ticketIdOf(m)}:first_response`);
  let progress = progressBar('SLA setup: POST batches', messages.length);
  const postSeconds = await postBatches(api, messages, o, progress);
  progress.stop();

  progress = progressBar('SLA setup: clocks activated', clocks.length);
  const activatedCount = () => clocks.filter((c) => observer.activated.has(c)).length;
  let shown = 0;
  const off = observer.onPage(() => {
    const n = activatedCount();
    progress.increment(n - shown);
    shown = n;
  });
  await observer.until(() => activatedCount() === clocks.length, Math.max(60_000, firstWarnAt + windowMs - Date.now()), 'every SLA clock activated').catch((error: Error) => note(error.message));
  off();
  progress.stop();
  const setupDone = Date.now();
  const slackSeconds = (firstWarnAt - setupDone) / 1000;
  if (slackSeconds < 0) note(`setup overran: the first warnings were due ${(-slackSeconds).toFixed(1)} s before every clock was activated`);
  else note(`every clock activated ${((setupDone - started) / 1000).toFixed(1)} s after the first POST, ${slackSeconds.toFixed(1)} s before the first warning is due`);

  const tracked = new Set(messages.map(ticketIdOf));
  const ourFirings = () => observer.firings.filter((f) => tracked.has(f.ticketId)).length;
  const lastDue = firstWarnAt + warnBeforeMs + windowMs;

  await sleepUntil(firstWarnAt - 1000);
  const cpu = await CpuWindow.open(services, databaseUrl);
  progress = progressBar('ours: warnings + breaches fired', clocks.length * 2);
  shown = 0;
  const offFired = observer.onPage(() => {
    const n = ourFirings();
    progress.increment(n - shown);
    shown = n;
  });
  await observer
    .until(() => ourFirings() >= clocks.length * 2, Math.max(0, lastDue - Date.now()) + o.drainTimeoutSeconds * 1000, 'every warning and breach')
    .catch((error: Error) => note(error.message));
  offFired();
  progress.stop();
  // Read after the firings: a clock activated late (setup overran) still counts, with its lag.
  const dueAt = new Map(clocks.map((c) => [c, observer.activated.get(c) ?? Number.NaN]).filter(([, d]) => Number.isFinite(d)) as Array<[string, number]>);
  const { windowSeconds, cpu: cpuRows } = await cpu.close();
  const ours: SlaRun = { lags: slaLags(dueAt, warnBeforeMs, observer.firings), firings: ourFirings(), windowSeconds, cpu: cpuRows };

  const bare = await runBareSla(databaseUrl, schedule, warnBeforeMs, o);
  return { tickets: o.tickets, postSeconds, setupSeconds: (setupDone - started) / 1000, slackSeconds, ours, bare };
}

async function sleepUntil(at: number): Promise<void> {
  const wait = at - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

const BARE = 'bare_ticketing';

/**
 * The bare baseline: the same due times (shifted to start 10 s from now), one row per warning and breach in a
 * raw pg table with an index on the due time; one loop claims up to 100 due rows (`FOR UPDATE SKIP LOCKED`),
 * INSERTs one event row per deadline, deletes the claimed rows and commits; with nothing due it sleeps until the
 * next due time (at most 1 s). Lag = the event row's clock_timestamp() minus its due time.
 */
async function runBareSla(databaseUrl: string, schedule: Array<{ dueAt: number }>, warnBeforeMs: number, o: SlaOptions): Promise<SlaRun> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`
      CREATE SCHEMA IF NOT EXISTS ${BARE};
      CREATE TABLE ${BARE}.deadlines (id text PRIMARY KEY, ticket_id text NOT NULL, kind text NOT NULL, due_at timestamptz NOT NULL, payload jsonb NOT NULL);
      CREATE INDEX ON ${BARE}.deadlines (due_at);
      CREATE TABLE ${BARE}.sla_events (id text PRIMARY KEY, ticket_id text NOT NULL, kind text NOT NULL, due_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL DEFAULT clock_timestamp());`);
    const shift = Date.now() + 10_000 - (schedule[0].dueAt - warnBeforeMs);
    const ids: string[] = [];
    const tickets: string[] = [];
    const kinds: string[] = [];
    const dues: string[] = [];
    schedule.forEach((s, i) => {
      for (const [kind, at] of [['warn', s.dueAt - warnBeforeMs], ['breach', s.dueAt]] as const) {
        ids.push(`sla:bare-${i}:first_response:${kind}`);
        tickets.push(`bare-${i}`);
        kinds.push(kind);
        dues.push(new Date(at + shift).toISOString());
      }
    });
    await client.query(
      `INSERT INTO ${BARE}.deadlines (id, ticket_id, kind, due_at, payload)
       SELECT id, t, k, d, jsonb_build_object('ticketId', t, 'target', 'first_response') FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS x(id, t, k, d)`,
      [ids, tickets, kinds, dues],
    );
    const total = ids.length;
    const firstDue = Date.parse(dues.reduce((a, b) => (a < b ? a : b)));
    const lastDue = Date.parse(dues.reduce((a, b) => (a > b ? a : b)));
    await sleepUntil(firstDue - 1000);
    const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const before = { bench: process.cpuUsage(), backend: cpuTicks(backend) };
    const openedAt = performance.now();
    const progress = progressBar('bare: warnings + breaches fired', total);
    let fired = 0;
    const deadline = lastDue + o.drainTimeoutSeconds * 1000;
    while (fired < total && Date.now() < deadline) {
      await client.query('BEGIN');
      const { rows } = await client.query<{ id: string; ticket_id: string; kind: string; due_at: Date }>(
        `SELECT id, ticket_id, kind, due_at FROM ${BARE}.deadlines WHERE due_at <= now() ORDER BY due_at LIMIT 100 FOR UPDATE SKIP LOCKED`,
      );
      for (const r of rows) {
        await client.query(`INSERT INTO ${BARE}.sla_events (id, ticket_id, kind, due_at) VALUES ($1, $2, $3, $4)`, [r.id, r.ticket_id, r.kind, r.due_at]);
      }
      if (rows.length > 0) await client.query(`DELETE FROM ${BARE}.deadlines WHERE id = ANY($1::text[])`, [rows.map((r) => r.id)]);
      await client.query('COMMIT');
      fired += rows.length;
      progress.increment(rows.length);
      if (rows.length === 0) {
        const next = (await client.query<{ ms: number | null }>(`SELECT (extract(epoch FROM min(due_at) - clock_timestamp()) * 1000)::float8 AS ms FROM ${BARE}.deadlines`)).rows[0].ms;
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, Math.max(1, next ?? 1000))));
      }
    }
    progress.stop();
    const windowSeconds = (performance.now() - openedAt) / 1000;
    const bench = process.cpuUsage(before.bench);
    const cpu: CpuRow[] = [
      { label: 'bare loop (this process)', ticks: Math.round((bench.user + bench.system) / 10_000) },
      { label: 'its PostgreSQL backend', ticks: cpuTicks(backend) - before.backend },
    ];
    const { rows } = await client.query<{ ticket_id: string; kind: 'warn' | 'breach'; recorded_at: Date }>(`SELECT ticket_id, kind, recorded_at FROM ${BARE}.sla_events`);
    const dueAt = new Map(schedule.map((s, i) => [`bare-${i}:first_response`, s.dueAt + shift]));
    const lags = slaLags(dueAt, warnBeforeMs, rows.map((r) => ({ ticketId: r.ticket_id, target: 'first_response', kind: r.kind, recordedAt: r.recorded_at.getTime() })));
    return { lags, firings: rows.length, windowSeconds, cpu };
  } finally {
    await client.end();
  }
}
