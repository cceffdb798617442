import type { AnalyticsStore } from '@csp/clickhouse';

export const DIMENSIONS = ['channel', 'team', 'agent', 'category', 'tier', 'priority'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface KpiRequest {
  from: Date;
  to: Date;
  groupBy?: Dimension;
  filters: Partial<Record<Dimension, string[]>>;
}

export interface KpiResult {
  metric: string;
  definition: string;
  from: string;
  to: string;
  groups: { key: string; value: number; count: number }[];
}

/**
 * ticket_volume: the number of tickets created in [from, to), per group. `count` is the same number (the
 * denominator of a volume is the volume). Columns come from the fixed DIMENSIONS list; every value is a
 * bound parameter.
 */
export async function ticketVolume(store: AnalyticsStore, request: KpiRequest): Promise<KpiResult> {
  const where = ['created_at >= {from:DateTime64(3)}', 'created_at < {to:DateTime64(3)}'];
  const params: Record<string, unknown> = { from: request.from, to: request.to };
  for (const dimension of DIMENSIONS) {
    const values = request.filters[dimension];
    if (values?.length) {
      where.push(`${dimension} IN {${dimension}:Array(String)}`);
      params[dimension] = values;
    }
  }
  const key = request.groupBy ?? "''";
  const rows = await store.query<{ key: string; value: string }>(
    `SELECT ${key} AS key, count() AS value FROM tickets FINAL WHERE ${where.join(' AND ')} GROUP BY key ORDER BY key`,
    params,
  );
  return {
    metric: 'ticket_volume',
    definition: 'Tickets created in [from, to) (by creation time), latest state per ticket; count = value.',
    from: request.from.toISOString(),
    to: request.to.toISOString(),
    groups: rows.map((r) => ({ key: r.key, value: Number(r.value), count: Number(r.value) })),
  };
}
