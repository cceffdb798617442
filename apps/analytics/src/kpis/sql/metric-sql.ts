import type { KpiDimension, KpiValue } from '@csp/analytics-domain';
import type { TicketScope } from './ticket-facts.sql';

/** A database row: 64-bit integers arrive as strings, so every number goes through Number(). */
export type SqlRow = Record<string, string | number | null>;

export interface MetricValue extends KpiValue {
  /** Metric-specific figures beside the value (CES easyShare, SLA ticketCompliance). */
  extra?: Record<string, number | null>;
}

/** A filter of one metric beyond the six dimensions (SLA `target`, survey `kind`), bound as Array(String). */
export interface ExtraFilter {
  param: string;
  column: string;
  values: readonly string[];
}

/**
 * How one metric is computed. `facts` is a subquery with one row per record (ticket, answer, SLA outcome,
 * survey question): `record_id`, `t` (the time that places it in a period or bucket), the six dimension
 * columns, and whatever its aggregates read. `aggregates` is a SELECT list of named counts or statistics;
 * `value` turns one result row into the KPI, with the pure functions of @csp/analytics-domain.
 */
export interface MetricSql {
  facts: string;
  /**
   * The facts for a statement that reads only these dimensions (its groupBy and filters): the others may be ''
   * and their joins left out. Absent: `facts`, which has every column (the drill-down reads them all).
   */
  factsReading?: (dimensions: ReadonlySet<string>) => string;
  /** The tickets whose state `ticket_facts` reads for this metric (see TicketScope). */
  tickets: TicketScope;
  /** The customers whose tier the facts read, when not the tickets' (a subquery of customer ids, see kpiCtes). */
  tierCustomers?: string;
  /** Bound parameters the facts subquery needs. */
  params?: Record<string, unknown>;
  /** Extra condition on the facts rows (e.g. only tickets with a first response). */
  where?: string;
  /**
   * `range`: t in [from, to); the facts and the ticket scope may read `{from}` and `{to}` only as bounds of the column
   * that is `t` (the records endpoint narrows them to a page's span, see kpi-records.query.ts). `before-cutoff`:
   * t < to, each bucket's end in a series (backlog); its records are tickets, `t` their creation.
   */
  period: 'range' | 'before-cutoff';
  aggregates: string;
  value(row: SqlRow): MetricValue;
  /** Columns of the drill-down records, in CSV order. */
  recordColumns: readonly string[];
  /** Filters of this metric beyond the dimensions. */
  filters?: readonly { param: string; column: string }[];
}

export type DimensionColumns = Record<KpiDimension, string>;

export const num = (v: string | number | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));
export const numOrNull = (v: string | number | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
