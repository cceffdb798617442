import type { DeliveredEvent } from '@csp/message-bus';
import { customerEventRows } from './customer-event.rows';
import { interactionEventRows } from './interaction-event.rows';
import { ticketingEventRows } from './ticket-event.rows';

const event = (type: string, data: Record<string, unknown>, extra: Partial<DeliveredEvent> = {}): DeliveredEvent => ({
  id: 'e1', type, source: '/t', time: '2026-11-02T09:00:00.000Z', subject: 'ticket-t1', category: 'ticket', streamId: 't1', key: 't1', data,
  revision: '4', ...extra,
});

describe('fact rows of events', () => {
  it('a public agent reply keeps author and visibility; the stream revision orders the ticket state', () => {
    expect(ticketingEventRows(event('cs.ticket.message-added.v1', {
      ticketId: 't1', customerId: 'c1', messageId: 'm1', author: 'agent', authorId: 'a1', public: true, body: 'x', at: '2026-11-02T09:30:00Z',
    }))).toEqual([{
      table: 'ticket_events',
      row: { event_id: 'e1', ticket_id: 't1', type: 'message-added', at: '2026-11-02T09:30:00Z', revision: 4, author: 'agent', public: 1, message_id: 'm1' },
    }]);
  });

  it('SLA outcomes carry owners and business minutes; configuration changes give no rows', () => {
    const [row] = ticketingEventRows(event('cs.sla.breached.v1', {
      ticketId: 't1', customerId: 'c1', target: 'first_response', policyId: 'p', dueAt: '2026-11-02T10:00:00Z', businessMinutes: 61, agentId: 'a1', at: '2026-11-02T10:00:00Z',
    }));
    expect(row).toEqual({ table: 'sla_events', row: expect.objectContaining({ type: 'breached', business_minutes: 61, agent: 'a1', team: '' }) });
    expect(ticketingEventRows(event('cs.ticketing.config-changed.v1', {}))).toEqual([]);
  });

  it('calendars documents are kept per version; an SLA activation keeps its calendar; other configuration is not', () => {
    const document = { calendars: [{ id: 'office', timezone: 'UTC', weeklyHours: {} }] };
    const config = (kind: string) => event('cs.ticketing.config-changed.v1', { kind, version: 3, document, actor: { kind: 'system' }, at: '2026-11-01T00:00:00Z' });
    expect(ticketingEventRows(config('calendars'))).toEqual([
      { table: 'calendars', row: { version: 3, event_id: 'e1', at: '2026-11-01T00:00:00Z', document: JSON.stringify(document) } },
    ]);
    expect(ticketingEventRows(config('teams'))).toEqual([]);
    const [activated] = ticketingEventRows(event('cs.sla.activated.v1', {
      ticketId: 't1', customerId: 'c1', target: 'resolution', policyId: 'p', targetMinutes: 60, calendarId: 'office', dueAt: '2026-11-02T10:00:00Z', at: '2026-11-02T09:00:00Z',
    }));
    expect(activated.row).toMatchObject({ type: 'activated', calendar_id: 'office', business_minutes: null });
  });

  it('a survey answer is an interaction and an answer, keyed to the customer id every service derives', () => {
    const rows = interactionEventRows(event('cs.survey.answered.v1', { customer: { email: 'a@example.com' }, kind: 'nps', score: 9, surveyId: 's1' }));
    expect(rows.map((r) => r.table)).toEqual(['interactions', 'survey_answers']);
    expect(rows[1].row).toMatchObject({ kind: 'nps', score: 9, survey_id: 's1', ticket_id: '', at: '2026-11-02T09:00:00.000Z' });
    expect(rows[1].row['customer_id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('calls count on the phone channel; merges and unmerges are rows of customer_merges', () => {
    expect(interactionEventRows(event('cs.call.completed.v1', { customer: { phone: '+4930123' }, direction: 'inbound', durationSeconds: 5, resolvedOnCall: true }))[0].row)
      .toMatchObject({ channel: 'phone' });
    expect(customerEventRows(event('cs.customer.unmerged.v1', { survivorId: 's', mergedId: 'm', actor: {}, at: '2026-11-03T00:00:00Z' }))).toEqual([
      { table: 'customer_merges', row: { merged_id: 'm', survivor_id: 's', merged: 0, at: '2026-11-03T00:00:00Z', event_id: 'e1' } },
    ]);
  });
});
