import { PostgresEventStore } from '@csp/event-store';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type AppendJob, BareEventTable } from './bare-event-table';
import { benchEvents } from './bench-payloads';
import { progressBar } from './bench-progress';
import type { Comparison, Measurement } from './bench-report';
import { combine, dealRoundRobin, runWorkers } from './bench-workers';

export const STORE_SCHEMA = 'bench_store';
export const BARE_SCHEMA = 'bench_bare';

export interface StoreBenchOptions {
  url: string;
  rounds: number;
  payloadBytes: number;
  batchedEvents: number;
  batchSize: number;
  batchWriters: number;
  singleEvents: number;
  singleWriters: number;
  /** What-if: a setting on the store's append function, trying a fix without editing the store (see WHAT_IF). */
  whatIf?: WhatIf;
}

/**
 * PL/pgSQL caches a generic plan of the append function's duplicate checks after five calls, planned while
 * the table was small (a sequential scan), and keeps it while the table grows, so appends slow down with the
 * table size until statistics change (autovacuum is off on the test server here). Two candidate fixes, as function
 * settings: keep cached plans but never scan the table sequentially, or plan every call afresh.
 */
export const WHAT_IF = {
  'no-seqscan': 'enable_seqscan = off',
  'custom-plans': 'plan_cache_mode = force_custom_plan',
} as const;
export type WhatIf = keyof typeof WHAT_IF;

type Side = 'ours' | 'bare';
type Jobs = AppendJob[][];

/** Creates both tables once (the bare one is cloned from the store's), so no timed phase pays for DDL. */
export async function prepareSchemas(url: string): Promise<void> {
  const store = await PostgresEventStore.create({ connectionString: url, schema: STORE_SCHEMA, poolSize: 1 });
  await store.close();
  await (await BareEventTable.create(url, STORE_SCHEMA, BARE_SCHEMA, 1)).close();
}

/** Must follow every `PostgresEventStore.create`: its CREATE OR REPLACE FUNCTION resets the setting. */
async function applyWhatIf(url: string, whatIf: WhatIf): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`ALTER FUNCTION ${STORE_SCHEMA}.append_events(text, text, bigint, jsonb) SET ${WHAT_IF[whatIf]}`);
  } finally {
    await client.end();
  }
}

/** Appends of `batchSize` events, each to a new stream ('no_stream'), vs COPY of the same rows per batch. */
export function batchedComparison(o: StoreBenchOptions): Promise<Comparison> {
  const jobsOfRound = (): Jobs => {
    const count = Math.ceil(o.batchedEvents / o.rounds / o.batchSize);
    const jobs = Array.from({ length: count }, (_, b) => ({
      stream: `benchbatch-${randomUUID()}`,
      firstRevision: 0,
      events: benchEvents(o.batchSize, o.payloadBytes, b * o.batchSize),
    }));
    return dealRoundRobin(jobs, o.batchWriters);
  };
  return compare(o, {
    name: 'batched',
    scenario: `batched appends: ${o.batchSize} events/append, new stream each, ${o.batchWriters} writer(s)`,
    target: 0.3,
    jobsOfRound,
    ours: { label: 'PostgresEventStore.append', pool: o.batchWriters },
    bare: { label: `raw COPY FROM STDIN, ${o.batchSize} rows/statement`, pool: o.batchWriters, write: (t, job) => t.copy(job) },
  });
}

/** One event per append from concurrent writers, each writer on its own stream with its exact revision. */
export function singleComparison(o: StoreBenchOptions): Promise<Comparison> {
  const jobsOfRound = (): Jobs => {
    const perWriter = Math.ceil(o.singleEvents / o.rounds / o.singleWriters);
    return Array.from({ length: o.singleWriters }, (_, w) => {
      const stream = `benchsingle-${randomUUID()}`;
      return benchEvents(perWriter, o.payloadBytes, w * perWriter).map((event, i) => ({ stream, firstRevision: i, events: [event] }));
    });
  };
  return compare(o, {
    name: 'single',
    scenario: `single-event appends: ${o.singleWriters} concurrent writers, one stream each, exact expected revision`,
    target: 0.5,
    jobsOfRound,
    ours: { label: `PostgresEventStore.append (pool ${o.singleWriters})`, pool: o.singleWriters },
    bare: { label: `raw single-row INSERT (pool ${o.singleWriters})`, pool: o.singleWriters, write: (t, job) => t.insertOne(job) },
  });
}

interface ComparisonPlan {
  name: string;
  scenario: string;
  target: number;
  jobsOfRound(): Jobs;
  ours: { label: string; pool: number };
  bare: { label: string; pool: number; write(table: BareEventTable, job: AppendJob): Promise<number> };
}

/**
 * Both paths get the same rows in every round; the order alternates between rounds so neither always runs
 * on the warmer (or more bloated) database. Pools are opened before and closed after each timed phase.
 */
async function compare(o: StoreBenchOptions, plan: ComparisonPlan): Promise<Comparison> {
  const results: Record<Side, Measurement[]> = { ours: [], bare: [] };
  for (let round = 0; round < o.rounds; round++) {
    const jobs = plan.jobsOfRound();
    const order: Side[] = round % 2 === 0 ? ['bare', 'ours'] : ['ours', 'bare'];
    for (const side of order) {
      const phase = `${plan.name} r${round + 1}/${o.rounds} ${side}`;
      results[side].push(side === 'ours' ? await runOurs(o, plan, jobs, phase) : await runBare(o.url, plan, jobs, phase));
    }
  }
  return { scenario: plan.scenario, target: plan.target, ours: combine(plan.ours.label, results.ours), bare: combine(plan.bare.label, results.bare) };
}

async function runOurs(o: StoreBenchOptions, plan: ComparisonPlan, jobs: Jobs, phase: string): Promise<Measurement> {
  const store = await PostgresEventStore.create({ connectionString: o.url, schema: STORE_SCHEMA, poolSize: plan.ours.pool });
  try {
    if (o.whatIf) await applyWhatIf(o.url, o.whatIf);
    await Promise.all(Array.from({ length: plan.ours.pool }, () => store.ping()));
    const progress = progressBar(phase, countEvents(jobs));
    const result = await runWorkers(plan.ours.label, jobs, async (job) => {
      const expectedRevision = job.firstRevision === 0 ? 'no_stream' : BigInt(job.firstRevision - 1);
      const { duplicates } = await store.append(job.stream, job.events, { expectedRevision });
      return job.events.length - duplicates;
    }, progress);
    progress.stop();
    return result;
  } finally {
    await store.close();
  }
}

async function runBare(url: string, plan: ComparisonPlan, jobs: Jobs, phase: string): Promise<Measurement> {
  const table = await BareEventTable.create(url, STORE_SCHEMA, BARE_SCHEMA, plan.bare.pool);
  try {
    await table.warm(plan.bare.pool);
    const progress = progressBar(phase, countEvents(jobs));
    const result = await runWorkers(plan.bare.label, jobs, (job) => plan.bare.write(table, job), progress);
    progress.stop();
    return result;
  } finally {
    await table.close();
  }
}

function countEvents(jobs: Jobs): number {
  return jobs.reduce((sum, queue) => sum + queue.reduce((s, job) => s + job.events.length, 0), 0);
}
