import type { ClickHouseClient } from '@clickhouse/client';
import { KPI_CTES, TICKET_STATE_SQL } from '../replay/analytics/analytics-app';
import { bareParams } from './analytics-bare-client';

/**
 * Where a KPI query's time goes, step by step: scanning the events, deriving every ticket's state from them
 * (the GROUP BY ticket_id every ticket KPI starts with, then with the tier joins), the same state read from the
 * ticket_state aggregate instead, and a FINAL read of the answers.
 */
export async function timeSteps(bare: ClickHouseClient, cutoff: Date): Promise<Array<[string, number, number]>> {
  const steps: Array<[string, string]> = [
    ['scan ticket_events (count)', 'SELECT count() AS n FROM ticket_events'],
    // Hashing every column makes the engine compute every aggregate: a bare count() would let it drop them.
    ['per-ticket state from ticket_events (TICKET_STATE_SQL, every column)', `SELECT count() AS n, sum(cityHash64(*)) AS h FROM (${TICKET_STATE_SQL})`],
    ['the same plus tiers and merges (KPI_CTES ticket_facts, every column)', `WITH ${KPI_CTES} SELECT count() AS n, sum(cityHash64(*)) AS h FROM ticket_facts`],
    ['per-ticket state from the ticket_state aggregate (ticket_current, every column)', 'SELECT count() AS n, sum(cityHash64(*)) AS h FROM ticket_current'],
    ['survey_answers FINAL (every column)', 'SELECT count() AS n, sum(cityHash64(*)) AS h FROM survey_answers FINAL'],
  ];
  const results: Array<[string, number, number]> = [];
  for (const [label, sql] of steps) {
    const t = performance.now();
    const rows = await (await bare.query({ query: sql, query_params: bareParams({ cutoff }), format: 'JSONEachRow' })).json<{ n: string }>();
    results.push([label, Number(rows[0]?.n ?? 0), performance.now() - t]);
  }
  return results;
}
