import type { ClickHouseClient } from '@clickhouse/client';
import { ALL_TICKETS, kpiCtes, TICKETS_CREATED_IN_PERIOD, ticketStateSql } from '../replay/analytics/analytics-app';
import { bareParams } from './analytics-bare-client';

/**
 * Where a KPI query's time goes, step by step: scanning the events, deriving every ticket's state from them
 * (the GROUP BY ticket_id the backlog starts with, then with the tier joins), the same for the tickets of the
 * 30 days before the cut-off only (what the period KPIs derive, from the time-ordered events), the state read
 * from the ticket_state aggregate instead, and a FINAL read of the answers.
 */
export async function timeSteps(bare: ClickHouseClient, cutoff: Date): Promise<Array<[string, number, number]>> {
  const steps: Array<[string, string]> = [
    ['scan ticket_events (count)', 'SELECT count() AS n FROM ticket_events'],
    // Hashing every column makes the engine compute every aggregate: a bare count() would let it drop them.
    ['per-ticket state of every ticket (ticketStateSql(ALL_TICKETS), every column)', `SELECT count() AS n, sum(cityHash64(*)) AS h FROM (${ticketStateSql(ALL_TICKETS)})`],
    ['the same plus tiers and merges (kpiCtes(ALL_TICKETS) ticket_facts, every column)', `WITH ${kpiCtes(ALL_TICKETS)} SELECT count() AS n, sum(cityHash64(*)) AS h FROM ticket_facts`],
    [
      'tickets created in the 30 days before the cut-off (kpiCtes(TICKETS_CREATED_IN_PERIOD) ticket_facts, every column)',
      `WITH ${kpiCtes(TICKETS_CREATED_IN_PERIOD)} SELECT count() AS n, sum(cityHash64(*)) AS h FROM ticket_facts WHERE created_at >= {from:DateTime64(3)} AND created_at < {to:DateTime64(3)}`,
    ],
    ['per-ticket state from the ticket_state aggregate (ticket_current, every column)', 'SELECT count() AS n, sum(cityHash64(*)) AS h FROM ticket_current'],
    ['survey_answers FINAL (every column)', 'SELECT count() AS n, sum(cityHash64(*)) AS h FROM survey_answers FINAL'],
  ];
  const params = bareParams({ from: new Date(cutoff.getTime() - 30 * 86_400_000), to: cutoff, cutoff });
  const results: Array<[string, number, number]> = [];
  for (const [label, sql] of steps) {
    const t = performance.now();
    const rows = await (await bare.query({ query: sql, query_params: params, format: 'JSONEachRow' })).json<{ n: string }>();
    results.push([label, Number(rows[0]?.n ?? 0), performance.now() - t]);
  }
  return results;
}
