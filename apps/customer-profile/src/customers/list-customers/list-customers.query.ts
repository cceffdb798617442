import { ValidationError } from '@csp/platform-nest';
import type { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../page-cursor';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CustomerFilter {
  segment?: string;
  tag?: string;
  churnRisk?: string;
  tier?: string;
}

export interface CustomerSummary {
  id: string;
  name: string | null;
  tier: string | null;
  tags: string[];
  segments: string[];
  churnRisk: string | null;
  lastSeenAt: string | null;
}

/** Surviving customers matching every given filter, by id, keyset-paged. */
export class ListCustomersQuery {
  constructor(private readonly dataSource: DataSource) {}

  async page(filter: CustomerFilter, limit: number, cursor?: string): Promise<{ items: CustomerSummary[]; nextCursor: string | null }> {
    const after = decodeCursor(cursor, 1)?.[0] ?? null;
    // The cursor is the last customer id of the page: anything else was not handed out by this API.
    if (after !== null && !UUID.test(after)) throw new ValidationError([{ path: '/query/cursor', message: 'is not a cursor this API handed out' }]);
    const rows: { id: string; name: string | null; tier: string | null; tags: string[]; segments: string[]; churn_risk: string | null; last_seen_at: Date | null }[] =
      await this.dataSource.query(
        `SELECT id, name, tier, tags, segments, churn_risk, last_seen_at FROM customers
         WHERE ($1::text IS NULL OR segments @> ARRAY[$1::text]) AND ($2::text IS NULL OR tags @> ARRAY[$2::text])
           AND ($3::text IS NULL OR churn_risk = $3) AND ($4::text IS NULL OR tier = $4) AND ($5::uuid IS NULL OR id > $5)
         ORDER BY id LIMIT $6`,
        [filter.segment ?? null, filter.tag?.toLowerCase() ?? null, filter.churnRisk ?? null, filter.tier ?? null, after, limit + 1],
      );
    const items = rows.slice(0, limit).map((r) => ({
      id: r.id, name: r.name, tier: r.tier, tags: r.tags, segments: r.segments, churnRisk: r.churn_risk, lastSeenAt: r.last_seen_at?.toISOString() ?? null,
    }));
    return { items, nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1].id]) : null };
  }
}
