import type { ClickHouseClient } from '@clickhouse/client';
import { BACKLOG_CANDIDATES, kpiCtes, recomputeTicketsSql, TICKETS_CREATED_IN_PERIOD, ticketStateSql } from '../replay/analytics/analytics-app';
import { bareParams } from './analytics-bare-client';

/**
 * Where a KPI query's time goes, step by step: scanning the events, deriving every ticket's state from them (what
 * the KPIs did at query time before the tickets table; the projection now does it per batch), reading every
 * ticket's row, the rows of the tickets created in the 30 days before the cut-off (what the period KPIs read),
 * the backlog's candidates at the cut-off, and a FINAL read of the answers.
 */
export async function timeSteps(bare: ClickHouseClient, cutoff: Date): Promise<Array<[string, number, number]>> {
  const derive = recomputeTicketsSql().replace(/^INSERT INTO \w+\s*/, '');
  const steps: Array<[string, string]> = [
    ['scan ticket_events (count)', 'SELECT count() AS n FROM ticket_events'],
    // Hashing every column makes the engine compute every aggregate: a bare count() would let it drop them.
    ['per-ticket state of every ticket derived from ticket_events (the recompute statement, every ticket)', `SELECT count() AS n, sum(cityHash64(*)) AS h FROM (${derive})`],
    ['every ticket\'s row (tickets FINAL, every column)', `SELECT count() AS n, sum(cityHash64(*)) AS h FROM (${ticketStateSql({})})`],
    [
      'tickets created in the 30 days before the cut-off (kpiCtes(TICKETS_CREATED_IN_PERIOD) ticket_facts, with tiers, every column)',
      `WITH ${kpiCtes(TICKETS_CREATED_IN_PERIOD)} SELECT count() AS n, sum(cityHash64(*)) AS h FROM ticket_facts`,
    ],
    [
      'the backlog\'s candidates at the cut-off (kpiCtes(BACKLOG_CANDIDATES) ticket_facts, with tiers, every column)',
      `WITH ${kpiCtes(BACKLOG_CANDIDATES)} SELECT count() AS n, sum(cityHash64(*)) AS h FROM ticket_facts`,
    ],
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
