import { type AnalyticsStore, createAnalyticsStore } from '@csp/clickhouse';
import type { MessageBus } from '@csp/message-bus';
import { createTestChdbDir } from '@csp/testing';
import { migrateAnalytics } from '../clickhouse/analytics-migrations';
import { BusEvents } from '../testing/bus-events.fixture';
import { AnalyticsFactsWorker } from './analytics-facts.worker';

// The worker keeps one row per ticket in `tickets`, recomputed from all the ticket's events after each batch:
// the row must not depend on how the events were cut into batches, their order, or redeliveries.
describe('tickets kept by the projection worker (chDB)', () => {
  const chdb = createTestChdbDir('analytics-tickets');
  let store: AnalyticsStore;
  let worker: AnalyticsFactsWorker;
  const bus = new BusEvents();
  const [t1, t2] = [crypto.randomUUID(), crypto.randomUUID()];
  const opened = (id: string, number: number, at: string) =>
    bus.ticket('cs.ticket.opened.v1', id, { number, customerId: 'c1', channel: 'email', subject: 's', priority: 'normal', openedBy: 'system', openedAt: at });
  const status = (id: string, from: string, to: string, at: string) =>
    bus.ticket('cs.ticket.status-changed.v1', id, { customerId: '', from, to, actor: { kind: 'system' }, at });
  const reply = (id: string, at: string) =>
    bus.ticket('cs.ticket.message-added.v1', id, { customerId: '', messageId: crypto.randomUUID(), author: 'agent', authorId: 'x', public: true, body: 'b', at });
  const assign = (id: string, agentId: string, at: string) =>
    bus.ticket('cs.ticket.assigned.v1', id, { customerId: '', agentId, teamId: 'support', strategy: 'round_robin', actor: { kind: 'system' }, at });
  const t1Events = [
    opened(t1, 1, '2026-11-02T09:00:00Z'), assign(t1, 'a1', '2026-11-02T09:01:00Z'), reply(t1, '2026-11-02T09:30:00Z'),
    status(t1, 'open', 'solved', '2026-11-02T10:00:00Z'), assign(t1, 'a2', '2026-11-02T10:30:00Z'),
  ];
  const t2Events = [opened(t2, 2, '2026-11-03T09:00:00Z'), status(t2, 'open', 'pending', '2026-11-03T09:10:00Z')];

  const rows = () =>
    store.query(
      `SELECT number, agent, status, toString(first_response_at) AS first_response_at, toString(first_solved_at) AS first_solved_at,
         public_agent_replies, toString(last_status_at) AS last_status_at, arrayMap(x -> x.2, status_changes) AS statuses, version
       FROM tickets FINAL ORDER BY number`,
    );
  const expected = [
    {
      number: 1, agent: 'a2', status: 'solved', first_response_at: '2026-11-02 09:30:00.000', first_solved_at: '2026-11-02 10:00:00.000',
      public_agent_replies: '1', last_status_at: '2026-11-02 10:00:00.000', statuses: ['open', 'solved'], version: '5',
    },
    {
      number: 2, agent: '', status: 'pending', first_response_at: null, first_solved_at: null,
      public_agent_replies: '0', last_status_at: '2026-11-03 09:10:00.000', statuses: ['open', 'pending'], version: '2',
    },
  ];

  beforeAll(async () => {
    store = await createAnalyticsStore({ dataDir: chdb.dir });
    await migrateAnalytics(store);
    worker = new AnalyticsFactsWorker(undefined as unknown as MessageBus, store);
  });
  afterAll(async () => {
    await store.close();
    chdb.cleanup();
  });

  it('recomputes a ticket from all its events, whatever the batches, their order and redeliveries', async () => {
    // T2's status change arrives before its opened event: no row until the opened event is known.
    await worker.write([t1Events[0], t1Events[1], t2Events[1]]);
    expect((await rows()).map((r) => r['number'])).toEqual([1]);
    await worker.write([t1Events[4], t1Events[2], t2Events[0]]); // T1's last assignment before its reply and solve
    await worker.write([t1Events[3]]);
    expect(await rows()).toEqual(expected);
    // A redelivery of everything, cut differently: the rows it recomputes are equal, and FINAL shows one per ticket.
    await worker.write([...t2Events, ...t1Events]);
    await worker.write([t1Events[0]]);
    expect(await rows()).toEqual(expected);
    // Every version is kept until a merge; OPTIMIZE ... FINAL leaves the latest one of each ticket.
    await store.command('OPTIMIZE TABLE tickets FINAL');
    expect(await store.query('SELECT count() AS n FROM tickets')).toEqual([{ n: '2' }]);
    expect(await rows()).toEqual(expected);
  }, 60_000);

  it('serves the analysts\' ticket_current view from the table', async () => {
    expect(await store.query('SELECT number, agent, status FROM ticket_current ORDER BY number')).toEqual([
      { number: 1, agent: 'a2', status: 'solved' },
      { number: 2, agent: '', status: 'pending' },
    ]);
  });
});
