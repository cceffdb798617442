import { derivedId, eventIdFor } from '@csp/contracts';
import { messageEvents, type SimEvent } from '@csp/simulator';
import { Pool } from 'pg';
import { note, progressBar } from './bench-progress';
import { paced, type PlatformApi, postOne } from './ticketing-api';
import { CpuWindow, type CpuWindowResult } from './ticketing-cpu';
import type { TicketingObserver } from './ticketing-observer';
import { type StepLatencies, stepLatencies } from './ticketing-stats';

export interface LatencyOptions {
  rate: number;
  seconds: number;
  customers: number;
  seed: string;
  settleTimeoutSeconds: number;
}

export interface LatencyResult {
  sent: number;
  ours: StepLatencies;
  /** Client-side time to ingestion's 202, per POST. */
  http202: number[];
  /** Commit latency of the bare path, per message. */
  bare: number[];
  oursSend: { seconds: number; lateMs: number; errors: string[] };
  bareSend: { seconds: number; lateMs: number; errors: string[] };
  /** CPU of the services and their PostgreSQL backends from the first POST until every ticket was done. */
  cpu: CpuWindowResult;
}

/** Fresh inbound messages from the simulator, each opening a new ticket (no follow-ups on earlier threads). */
export function latencyMessages(o: Pick<LatencyOptions, 'rate' | 'seconds' | 'customers' | 'seed'>): SimEvent<'cs.message.received.v1'>[] {
  const count = Math.round(o.rate * o.seconds);
  return messageEvents({ seed: `${o.seed}-latency`, count, customers: Math.min(o.customers, count), followUpShare: 0 }).map((e) => ({ ...e, time: new Date().toISOString() }));
}

export function ticketIdOf(e: { source: string; id: string }): string {
  return derivedId('ticket', eventIdFor(e.source, e.id));
}

/**
 * Ours: each message POSTed alone to ingestion at `rate`, time = Date.now() just before the POST; each step is
 * the `recordedAt` of its event minus that. Bare: the same messages at the same rate through raw pg, one
 * transaction per message inserting a message row, a ticket row and an outbound row; time = until COMMIT.
 */
export async function runLatency(
  api: PlatformApi,
  observer: TicketingObserver,
  services: Map<string, number>,
  databaseUrl: string,
  o: LatencyOptions,
): Promise<LatencyResult> {
  const messages = latencyMessages(o);
  const cpuWindow = await CpuWindow.open(services, databaseUrl);
  const sentAt = new Map<string, number>();
  const http202: number[] = [];
  let progress = progressBar(`ours: POST at ${o.rate}/s`, messages.length);
  const oursSend = await paced(
    messages.length,
    o.rate,
    async (i) => {
      const m = { ...messages[i], time: new Date().toISOString() };
      const t = performance.now();
      sentAt.set(ticketIdOf(m), Date.now());
      await postOne(api, m);
      http202.push(performance.now() - t);
    },
    progress,
  );
  progress.stop();
  note(`posted ${messages.length} in ${oursSend.seconds.toFixed(1)} s (sender at most ${oursSend.lateMs.toFixed(0)} ms behind); waiting for the tickets...`);
  progress = progressBar('ours: tickets acknowledged', messages.length);
  let shown = 0;
  const acknowledged = () => [...sentAt.keys()].filter((id) => observer.steps.get(id)?.acknowledgement !== undefined && observer.steps.get(id)?.assigned !== undefined).length;
  const off = observer.onPage(() => {
    const n = acknowledged();
    progress.increment(n - shown);
    shown = n;
  });
  await observer.until(() => acknowledged() === messages.length, o.settleTimeoutSeconds * 1000, 'every ticket assigned and acknowledged').catch((error: Error) => note(error.message));
  off();
  progress.stop();
  const cpu = await cpuWindow.close();
  const ours = stepLatencies(sentAt, observer.steps);
  const bare = await runBare(databaseUrl, messages, o.rate);
  return { sent: messages.length, ours, http202, bare: bare.latencies, oursSend, bareSend: bare.send, cpu };
}

const BARE = 'bare_ticketing';

async function runBare(databaseUrl: string, messages: SimEvent<'cs.message.received.v1'>[], rate: number) {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  try {
    await pool.query(`
      CREATE SCHEMA IF NOT EXISTS ${BARE};
      CREATE TABLE ${BARE}.messages (id uuid PRIMARY KEY, source text NOT NULL, ce_id text NOT NULL, customer jsonb NOT NULL, data jsonb NOT NULL, occurred_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE ${BARE}.tickets (id uuid PRIMARY KEY, number bigserial, message_id uuid NOT NULL, customer jsonb NOT NULL, channel text NOT NULL, subject text, status text NOT NULL, team_id text, assignee_id text, opened_at timestamptz NOT NULL);
      CREATE TABLE ${BARE}.outbound (id uuid PRIMARY KEY, ticket_id uuid NOT NULL, kind text NOT NULL, channel text NOT NULL, to_address text NOT NULL, subject text, body text NOT NULL, requested_at timestamptz NOT NULL DEFAULT now());`);
    await Promise.all(Array.from({ length: 10 }, () => pool.query('SELECT 1'))); // connected before the clock
    const latencies: number[] = [];
    const progress = progressBar(`bare: raw pg at ${rate}/s`, messages.length);
    const send = await paced(
      messages.length,
      rate,
      async (i) => {
        const m = messages[i];
        const messageId = eventIdFor(m.source, `bare-${m.id}`);
        const ticketId = derivedId('ticket', messageId);
        const t = performance.now();
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query(`INSERT INTO ${BARE}.messages (id, source, ce_id, customer, data, occurred_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
            messageId, m.source, m.id, JSON.stringify(m.data.customer), JSON.stringify(m.data), new Date().toISOString(),
          ]);
          await client.query(`INSERT INTO ${BARE}.tickets (id, message_id, customer, channel, subject, status, team_id, assignee_id, opened_at) VALUES ($1, $2, $3, $4, $5, 'open', 'support', 'bench-agent-1', now())`, [
            ticketId, messageId, JSON.stringify(m.data.customer), m.data.channel, m.data.subject ?? null,
          ]);
          await client.query(`INSERT INTO ${BARE}.outbound (id, ticket_id, kind, channel, to_address, subject, body) VALUES ($1, $2, 'acknowledgement', 'email', $3, $4, $5)`, [
            derivedId('acknowledgement', ticketId), ticketId, m.data.customer.email ?? '', `[#1] ${m.data.subject ?? ''}`, 'We received your request.',
          ]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
        latencies.push(performance.now() - t);
      },
      progress,
    );
    progress.stop();
    return { latencies, send };
  } finally {
    await pool.end();
  }
}
