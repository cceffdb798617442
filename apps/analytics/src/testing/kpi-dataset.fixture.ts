import { customerIdFor } from '@csp/contracts';
import type { BusMessage } from '@csp/message-bus';
import { BusEvents } from './bus-events.fixture';

/**
 * The fixed dataset of the KPI integration spec (period 2026-11-01 .. 2026-12-01, cut-off = 12-01).
 * T1 email/support/a1/billing/normal, customer C1 (gold): ack (system) 09:00:01, reply 09:30, solved 10:00.
 *    Routed to "triage" (rev 1) but delivered after its assignment to support (rev 2): team = support.
 * T2 chat/support/a2/tech/high, C2 (standard): note 10:05 (internal), replies 11:00 + 11:30, solved 12:00,
 *    reopened 11-04 09:00, reply 10:00, solved 11-04 12:00. Its 11:00 reply is delivered twice.
 * T3 email/sales/a3/billing/normal, C3 (own tier vip, merged into C1 -> gold): reply 08:10, pending.
 * T4 email, C1: merged into T1 (a duplicate, excluded everywhere, its SLA outcome too).
 * T5 phone/support/a1/tech/urgent, C2: replies 14:20 + 14:40, solved 15:00.
 * T6 chat/support/billing/low, C1: opened 11-30 23:00, never answered.
 * T7 email, C2: opened 10-31 (before the period), still open.
 * T9 sms/sales/a3/billing/normal, C2: reply 11-20 10:00, solved 12-02 09:00 (after the cut-off).
 * SLA: T1 first_response + resolution achieved; T2 first_response paused, resumed, achieved; T5 first_response
 *    breached; T3 resolution activated and paused (still running: excluded); T4 achieved (merged: excluded).
 * Surveys: S1 (T1: csat, nps), S2 (T2: csat), S3 (T5: csat, nps, ces). Answers: S1 csat 5 + nps 8,
 *    S2 csat 2 (late: delivered last, and twice), S3 nps 7 + ces 6; C2 nps 3 without a ticket.
 */
export function kpiDataset(): { batches: BusMessage[][]; ids: Record<string, string> } {
  const bus = new BusEvents();
  const customers = { C1: { email: 'c1@example.com' }, C2: { email: 'c2@example.com' }, C3: { email: 'c3@example.com' } };
  const c = { C1: customerIdFor(customers.C1), C2: customerIdFor(customers.C2), C3: customerIdFor(customers.C3) };
  const ids: Record<string, string> = { ...c };
  for (const t of ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T9', 'S1', 'S2', 'S3']) ids[t] = crypto.randomUUID();
  let number = 0;
  const open = (t: string, customer: string, channel: string, openedAt: string, extra: Record<string, unknown> = {}) =>
    bus.ticket('cs.ticket.opened.v1', ids[t], { number: ++number, customerId: customer, channel, subject: 's', priority: 'normal', openedBy: 'system', openedAt, ...extra });
  const route = (t: string, teamId: string, category: string, priority: string, at: string) =>
    bus.ticket('cs.ticket.routed.v1', ids[t], { customerId: '', teamId, category, priority, requiredSkills: [], at });
  const assign = (t: string, agentId: string, teamId: string, at: string) =>
    bus.ticket('cs.ticket.assigned.v1', ids[t], { customerId: '', agentId, teamId, strategy: 'round_robin', actor: { kind: 'system' }, at });
  const msg = (t: string, author: string, isPublic: boolean, at: string) =>
    bus.ticket('cs.ticket.message-added.v1', ids[t], { customerId: '', messageId: crypto.randomUUID(), author, authorId: 'x', public: isPublic, body: 'b', at });
  const status = (t: string, from: string, to: string, at: string) =>
    bus.ticket('cs.ticket.status-changed.v1', ids[t], { customerId: '', from, to, actor: { kind: 'system' }, at });
  const sla = (kind: string, t: string, target: string, at: string, extra: Record<string, unknown> = {}) =>
    bus.ticket(`cs.sla.${kind}.v1`, ids[t], { customerId: '', target, policyId: 'p1', businessMinutes: 10, dueAt: at, targetMinutes: 60, at, ...extra });
  const survey = (s: string, t: string, customer: string, kinds: string[], at: string, agentId?: string) =>
    bus.ticket('cs.survey.requested.v1', ids[t], { surveyId: ids[s], customerId: customer, kinds, channel: 'email', agentId, teamId: agentId ? 'support' : undefined, at });
  const answer = (who: keyof typeof customers, kind: string, score: number, time: string, s?: string, t?: string) =>
    bus.interaction('cs.survey.answered.v1', c[who], time, { customer: customers[who], kind, score, surveyId: s && ids[s], ticketId: t && ids[t] });

  const t1Routed = route('T1', 'triage', 'billing', 'normal', '2026-11-02T09:00:00.500Z');
  const t1Assigned = assign('T1', 'a1', 'support', '2026-11-02T09:00:01.000Z');
  const t2Reply = msg('T2', 'agent', true, '2026-11-03T11:00:00Z');
  const lateCsat = answer('C2', 'csat', 2, '2026-11-04T08:00:00Z', 'S2', 'T2');
  const batch1 = [
    bus.customer('cs.customer.tier-changed.v1', c.C1, { customerId: c.C1, to: 'gold', at: '2026-10-01T00:00:00Z' }),
    bus.interaction('cs.customer.identified.v1', c.C2, '2026-10-01T00:00:00Z', { customer: customers.C2, traits: { tier: 'standard' } }),
    bus.customer('cs.customer.tier-changed.v1', c.C3, { customerId: c.C3, to: 'vip', at: '2026-10-01T00:00:00Z' }),
    bus.customer('cs.customer.merged.v1', c.C1, { survivorId: c.C1, mergedId: c.C3, mode: 'manual', reason: 'same', actor: { kind: 'system' }, at: '2026-10-02T00:00:00Z' }),
    open('T7', c.C2, 'email', '2026-10-31T10:00:00Z'),
    open('T1', c.C1, 'email', '2026-11-02T09:00:00Z'),
    t1Assigned, // out of order: revision 2 before revision 1
    msg('T1', 'system', true, '2026-11-02T09:00:01Z'),
    msg('T1', 'agent', true, '2026-11-02T09:30:00Z'),
    sla('achieved', 'T1', 'first_response', '2026-11-02T09:30:00Z'),
    status('T1', 'open', 'solved', '2026-11-02T10:00:00Z'),
    sla('achieved', 'T1', 'resolution', '2026-11-02T10:00:00Z'),
    survey('S1', 'T1', c.C1, ['csat', 'nps'], '2026-11-02T10:00:00Z', 'a1'),
  ];
  const batch2 = [
    t1Routed,
    open('T2', c.C2, 'chat', '2026-11-03T10:00:00Z', { priority: 'high', category: 'tech', teamId: 'support' }),
    assign('T2', 'a2', 'support', '2026-11-03T10:00:01Z'),
    sla('activated', 'T2', 'first_response', '2026-11-03T10:00:01Z'),
    msg('T2', 'agent', false, '2026-11-03T10:05:00Z'),
    sla('paused', 'T2', 'first_response', '2026-11-03T10:10:00Z'),
    sla('resumed', 'T2', 'first_response', '2026-11-03T10:40:00Z'),
    t2Reply,
    sla('achieved', 'T2', 'first_response', '2026-11-03T11:00:00Z'),
    msg('T2', 'agent', true, '2026-11-03T11:30:00Z'),
    status('T2', 'open', 'solved', '2026-11-03T12:00:00Z'),
    survey('S2', 'T2', c.C2, ['csat'], '2026-11-03T12:00:00Z', 'a2'),
    bus.ticket('cs.ticket.reopened.v1', ids['T2'], { customerId: c.C2, previousSolvedAt: '2026-11-03T12:00:00Z', reopenCount: 1, by: 'customer', actor: { kind: 'system' }, at: '2026-11-04T09:00:00Z' }),
    status('T2', 'solved', 'open', '2026-11-04T09:00:00Z'),
    msg('T2', 'agent', true, '2026-11-04T10:00:00Z'),
    status('T2', 'open', 'solved', '2026-11-04T12:00:00Z'),
    answer('C1', 'csat', 5, '2026-11-02T12:00:00Z', 'S1', 'T1'),
    answer('C1', 'nps', 8, '2026-11-02T12:00:00Z', 'S1', 'T1'),
  ];
  const batch3 = [
    open('T3', c.C3, 'email', '2026-11-05T08:00:00Z'),
    route('T3', 'sales', 'billing', 'normal', '2026-11-05T08:00:01Z'),
    assign('T3', 'a3', 'sales', '2026-11-05T08:00:02Z'),
    sla('activated', 'T3', 'resolution', '2026-11-05T08:00:02Z'),
    msg('T3', 'agent', true, '2026-11-05T08:10:00Z'),
    status('T3', 'open', 'pending', '2026-11-05T09:00:00Z'),
    sla('paused', 'T3', 'resolution', '2026-11-05T09:00:00Z'),
    open('T4', c.C1, 'email', '2026-11-06T12:00:00Z'),
    sla('achieved', 'T4', 'first_response', '2026-11-06T12:10:00Z'),
    bus.ticket('cs.ticket.merged.v1', ids['T4'], { customerId: c.C1, intoTicketId: ids['T1'], actor: { kind: 'system' }, at: '2026-11-06T12:30:00Z' }),
    status('T4', 'open', 'closed', '2026-11-06T12:30:00Z'),
    open('T5', c.C2, 'phone', '2026-11-10T14:00:00Z', { priority: 'urgent', category: 'tech', teamId: 'support' }),
    assign('T5', 'a1', 'support', '2026-11-10T14:00:01Z'),
    sla('breached', 'T5', 'first_response', '2026-11-10T14:15:00Z'),
    msg('T5', 'agent', true, '2026-11-10T14:20:00Z'),
    msg('T5', 'agent', true, '2026-11-10T14:40:00Z'),
    status('T5', 'open', 'solved', '2026-11-10T15:00:00Z'),
    survey('S3', 'T5', c.C2, ['csat', 'nps', 'ces'], '2026-11-10T15:00:00Z', 'a1'),
    answer('C2', 'nps', 7, '2026-11-11T09:00:00Z', 'S3', 'T5'),
    answer('C2', 'ces', 6, '2026-11-11T09:00:00Z', 'S3', 'T5'),
    answer('C2', 'nps', 3, '2026-11-15T09:00:00Z'),
    open('T9', c.C2, 'sms', '2026-11-20T09:00:00Z'),
    route('T9', 'sales', 'billing', 'normal', '2026-11-20T09:00:01Z'),
    assign('T9', 'a3', 'sales', '2026-11-20T09:00:02Z'),
    msg('T9', 'agent', true, '2026-11-20T10:00:00Z'),
    open('T6', c.C1, 'chat', '2026-11-30T23:00:00Z'),
    route('T6', 'support', 'billing', 'low', '2026-11-30T23:00:01Z'),
    lateCsat,
  ];
  const batch4 = [status('T9', 'open', 'solved', '2026-12-02T09:00:00Z'), t2Reply, lateCsat];
  return { batches: [batch1, batch2, batch3, batch4], ids };
}
