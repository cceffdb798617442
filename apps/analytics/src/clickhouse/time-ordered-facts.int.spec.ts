import { type AnalyticsStore, createAnalyticsStore, loadClickHouseMigrations, runClickHouseMigrations } from '@csp/clickhouse';
import { createTestChdbDir } from '@csp/testing';
import { ANALYTICS_MIGRATIONS_DIR } from './analytics-migrations';

// Migrations 0008 and 0009: time-ordered copies of the SLA outcomes and of the surveys sent, which the SLA and survey
// response rate KPIs read by period. Each is backfilled from the rows projected before it, then fed by a view.
describe('sla_outcomes and survey_requests_by_time (migrations 0008, 0009, chDB)', () => {
  const chdb = createTestChdbDir('analytics-time-ordered');
  let store: AnalyticsStore;

  const t1 = '00000000-0000-4000-8000-000000000001';
  const t2 = '00000000-0000-4000-8000-000000000002';
  const id = (n: number) => `00000000-0000-4000-9000-00000000000${n}`;
  const slaEvent = (n: number, ticket: string, type: string, at: string) => ({
    event_id: id(n), ticket_id: ticket, type, target: 'first_response', policy_id: 'p1',
    at, due_at: '2026-11-02 10:00:00.000', business_minutes: 30, agent: 'a1', team: 'support', revision: 1,
  });
  const survey = (n: number, ticket: string, at: string) => ({
    survey_id: id(n), event_id: id(n), ticket_id: ticket, customer_id: 'c1', kinds: ['csat', 'nps'], channel: 'email', agent: 'a1', team: 'support', at,
  });
  const insert = (table: string, rows: Record<string, unknown>[], token: string) => store.insert(table, rows, { deduplicationToken: token });

  beforeAll(async () => {
    store = await createAnalyticsStore({ dataDir: chdb.dir });
  });
  afterAll(async () => {
    await store.close();
    chdb.cleanup();
  });

  it('backfills the rows projected before them, then receives every new one once, in time order', async () => {
    const migrations = await loadClickHouseMigrations(ANALYTICS_MIGRATIONS_DIR);
    await runClickHouseMigrations(store, migrations.filter((m) => m.version < '0008'));
    // Before: an achieved outcome and a survey (each delivered twice, in separate inserts), a clock start (no outcome).
    await insert('sla_events', [slaEvent(1, t1, 'achieved', '2026-11-02 09:30:00.000')], 'a');
    await insert('sla_events', [slaEvent(1, t1, 'achieved', '2026-11-02 09:30:00.000')], 'b');
    await insert('sla_events', [slaEvent(2, t1, 'activated', '2026-11-02 09:00:00.000')], 'c');
    await insert('survey_requests', [survey(5, t1, '2026-11-03 08:00:00.000')], 'd');
    await insert('survey_requests', [survey(5, t1, '2026-11-03 08:00:00.000')], 'e');
    expect(await runClickHouseMigrations(store, migrations)).toEqual(expect.arrayContaining(['0008', '0009']));
    // After: a breach and a survey earlier in time than the backfilled rows, and a warning, through the views.
    await insert('sla_events', [slaEvent(3, t2, 'breached', '2026-11-01 12:00:00.000'), slaEvent(4, t2, 'warned', '2026-11-01 11:00:00.000')], 'f');
    await insert('survey_requests', [survey(6, t2, '2026-11-01 13:00:00.000')], 'g');

    expect(await store.query('SELECT toString(event_id) AS id, toString(ticket_id) AS ticket, type, toString(at) AS at, business_minutes FROM sla_outcomes FINAL ORDER BY at, id')).toEqual([
      { id: id(3), ticket: t2, type: 'breached', at: '2026-11-01 12:00:00.000', business_minutes: 30 },
      { id: id(1), ticket: t1, type: 'achieved', at: '2026-11-02 09:30:00.000', business_minutes: 30 },
    ]);
    expect(await store.query('SELECT toString(survey_id) AS id, toString(ticket_id) AS ticket, kinds, toString(at) AS at FROM survey_requests_by_time FINAL ORDER BY at, id')).toEqual([
      { id: id(6), ticket: t2, kinds: ['csat', 'nps'], at: '2026-11-01 13:00:00.000' },
      { id: id(5), ticket: t1, kinds: ['csat', 'nps'], at: '2026-11-03 08:00:00.000' },
    ]);
  });
});
