import type { AnalyticsRow, AnalyticsStore, TableRow } from '@csp/clickhouse';
import { businessSecondsBetween, type CalendarsVersion, chooseTicketCalendar, versionInForce } from './ticket-calendar';
import { PER_BATCH_SETTINGS } from './ticket-state.sql';

export const BUSINESS_DURATIONS_TABLE = 'ticket_business_durations';

/** What a batch changed that business durations depend on. */
interface BatchEffect {
  /** Tickets with an opened event, an SLA activation, a public agent reply or a solve in the batch. */
  tickets: Set<string>;
  /** Calendars versions in the batch: tickets created since, measured on an older version, are redone. */
  calendars: { version: number; at: string }[];
}

function effectOf(rows: readonly TableRow[]): BatchEffect {
  const effect: BatchEffect = { tickets: new Set(), calendars: [] };
  for (const { table, row } of rows) {
    const type = row['type'];
    const relevant = table === 'ticket_events'
      ? type === 'opened' || (type === 'message-added' && row['author'] === 'agent' && row['public'] === 1) || (type === 'status-changed' && row['status'] === 'solved')
      : table === 'sla_events' && type === 'activated';
    if (relevant) effect.tickets.add(String(row['ticket_id']));
    if (table === 'calendars') effect.calendars.push({ version: Number(row['version']), at: String(row['at']) });
  }
  return effect;
}

interface EndRow {
  ticket_id: string;
  event_id: string;
  kind: 'reply' | 'solved';
  at_ms: string | number;
  created_ms: string | number;
  sla_calendar: string | null;
}

/**
 * Business seconds from a ticket's creation to each of its public agent replies and solves, recomputed for
 * every ticket a batch touched, from what is projected (the batch's own fact rows are inserted first): the
 * ticket's creation, the calendarId of its first SLA activation, the calendars version in force at creation.
 * So the result is a function of the facts, not of the order they arrived in: an activation or a calendars
 * version that arrives late redoes the rows it affects. At most four reads per batch, whatever its size;
 * calendars documents are cached by version (a version never changes). Returns rows to insert (ReplacingMergeTree
 * by event id: the newest row of an end wins, and it was computed with the most facts).
 */
export class BusinessDurationsProjection {
  private readonly documents = new Map<number, CalendarsVersion>();

  constructor(private readonly store: AnalyticsStore) {}

  async rowsFor(batchRows: readonly TableRow[]): Promise<AnalyticsRow[]> {
    const { tickets, calendars } = effectOf(batchRows);
    for (const version of calendars) for (const id of await this.measuredOnOlder(version)) tickets.add(id);
    if (tickets.size === 0) return [];
    const ends = await this.endsOf([...tickets]);
    const versions = await this.versionsInForce(ends.map((e) => Number(e.created_ms)));
    return ends.map((end) => {
      const createdAtMs = Number(end.created_ms);
      const clock = { createdAtMs, slaCalendarId: end.sla_calendar ?? undefined };
      const { calendar, version } = chooseTicketCalendar(clock, versions.get(createdAtMs));
      return {
        ticket_id: end.ticket_id, event_id: end.event_id, kind: end.kind, at: new Date(Number(end.at_ms)).toISOString(),
        created_at: new Date(createdAtMs).toISOString(), calendar_id: calendar.id, calendar_version: version,
        business_seconds: businessSecondsBetween(calendar, createdAtMs, Number(end.at_ms)),
      };
    });
  }

  /** Every reply and solve of the tickets whose opened event is known, with the ticket's clock facts. */
  private endsOf(ticketIds: readonly string[]): Promise<EndRow[]> {
    return this.store.query<EndRow>(
      `SELECT DISTINCT toString(e.ticket_id) AS ticket_id, toString(e.event_id) AS event_id,
         if(e.type = 'message-added', 'reply', 'solved') AS kind, toUnixTimestamp64Milli(e.at) AS at_ms,
         toUnixTimestamp64Milli(o.created_at) AS created_ms, if(a.activations > 0, a.calendar_id, NULL) AS sla_calendar
       FROM ticket_events AS e
       INNER JOIN (SELECT ticket_id, min(at) AS created_at FROM ticket_events
             WHERE type = 'opened' AND ticket_id IN {ids:Array(UUID)} GROUP BY ticket_id) AS o ON o.ticket_id = e.ticket_id
       LEFT JOIN (SELECT ticket_id, argMin(calendar_id, (at, revision)) AS calendar_id, count() AS activations FROM sla_events FINAL
             WHERE type = 'activated' AND ticket_id IN {ids:Array(UUID)} GROUP BY ticket_id) AS a ON a.ticket_id = e.ticket_id
       WHERE e.ticket_id IN {ids:Array(UUID)}
         AND ((e.type = 'message-added' AND e.author = 'agent' AND e.public = 1) OR (e.type = 'status-changed' AND e.status = 'solved'))
       ORDER BY ticket_id, event_id
       ${PER_BATCH_SETTINGS}`,
      { ids: ticketIds },
    );
  }

  /** Tickets created since a calendars version was stored whose rows were measured on an older one. */
  private async measuredOnOlder({ version, at }: { version: number; at: string }): Promise<string[]> {
    const rows = await this.store.query<{ ticket_id: string }>(
      `SELECT DISTINCT toString(ticket_id) AS ticket_id FROM ${BUSINESS_DURATIONS_TABLE} FINAL
       WHERE created_at >= {at:DateTime64(3)} AND calendar_version < {version:UInt32}`,
      { at: new Date(at), version },
    );
    return rows.map((r) => r.ticket_id);
  }

  /** For each creation instant, the calendars version in force then (undefined: none was). */
  private async versionsInForce(createdMs: readonly number[]): Promise<Map<number, CalendarsVersion | undefined>> {
    if (createdMs.length === 0) return new Map();
    const stored = await this.store.query<{ version: number | string; at_ms: number | string }>(
      'SELECT version, toUnixTimestamp64Milli(at) AS at_ms FROM calendars FINAL',
    );
    const known = stored.map((v) => ({ version: Number(v.version), atMs: Number(v.at_ms) }));
    const wanted = new Map(createdMs.map((ms) => [ms, versionInForce(known, ms)]));
    const missing = [...new Set(wanted.values())].filter((v) => v > 0 && !this.documents.has(v));
    if (missing.length > 0) {
      const docs = await this.store.query<{ version: number | string; at_ms: number | string; document: string }>(
        'SELECT version, toUnixTimestamp64Milli(at) AS at_ms, document FROM calendars FINAL WHERE version IN {v:Array(UInt32)}',
        { v: missing },
      );
      for (const d of docs) this.documents.set(Number(d.version), { version: Number(d.version), atMs: Number(d.at_ms), document: parseJson(d.document) });
    }
    return new Map([...wanted].map(([ms, v]) => [ms, this.documents.get(v)]));
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
