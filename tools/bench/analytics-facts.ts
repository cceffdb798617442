import type { AnalyticsStore } from '@csp/clickhouse';
import type { Progress } from './bench-progress';
import { CUSTOMER_TIERS_STATEMENT, FACTS_PER_TICKET, TICKET_CHUNK_STATEMENTS } from './analytics-facts-sql';

export interface FactsOptions {
  /** Ticket events + survey answers wanted (approximately: the count per ticket is drawn). */
  facts: number;
  seed: number;
  /** The generated year ends here. */
  end: Date;
  /** Tickets per INSERT ... SELECT (bounds the memory of one statement). */
  chunk?: number;
}

export interface GeneratedFacts {
  tickets: number;
  customers: number;
  rows: Record<string, number>;
  seconds: number;
}

/** Fills the analytics tables with about `facts` ticket and answer facts (see analytics-facts-sql.ts). */
export async function generateFacts(store: AnalyticsStore, options: FactsOptions, progress: (total: number) => Progress): Promise<GeneratedFacts> {
  const started = performance.now();
  const tickets = Math.max(1, Math.round(options.facts / FACTS_PER_TICKET));
  const customers = Math.max(1, Math.round(tickets / 4));
  const chunk = options.chunk ?? 100_000;
  const params = { seed: options.seed, customers, end: options.end };
  const bar = progress(tickets);
  for (let first = 0; first < tickets; first += chunk) {
    const count = Math.min(chunk, tickets - first);
    for (const statement of TICKET_CHUNK_STATEMENTS) await store.command(statement, { ...params, first, count });
    bar.increment(count);
  }
  bar.stop();
  await store.command(CUSTOMER_TIERS_STATEMENT, { ...params, first: 0, count: customers });
  return { ...(await countFacts(store)), tickets, customers, seconds: (performance.now() - started) / 1000 };
}

/**
 * The facts a data directory already holds (a previous run's, see bench:analytics --reuse-facts): rows per table,
 * tickets and customers as counted, seconds 0.
 */
export async function countFacts(store: AnalyticsStore): Promise<GeneratedFacts> {
  const rows: Record<string, number> = {};
  for (const table of ['ticket_events', 'tickets FINAL', 'sla_events', 'survey_requests', 'survey_answers', 'customer_tiers']) {
    rows[table.replace(' FINAL', '')] = Number((await store.query<{ n: string }>(`SELECT count() AS n FROM ${table}`))[0].n);
  }
  const [{ customers }] = await store.query<{ customers: string }>('SELECT uniqExact(customer_id) AS customers FROM customer_tiers');
  return { tickets: rows['tickets'], customers: Number(customers), rows, seconds: 0 };
}
