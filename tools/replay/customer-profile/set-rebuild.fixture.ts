import { customerIdFor, type CustomerRef } from '@csp/contracts';
import type { StreamAppend } from '@csp/event-store';

/** Customers of simulated traffic: the id its streams are keyed by, and when each was first seen. */
function customersOf(appends: readonly StreamAppend[]): { id: string; at: number }[] {
  const first = new Map<string, number>();
  for (const a of appends) {
    const id = a.streamName.slice('interaction-'.length);
    const at = Date.parse(String(a.events[0].metadata?.['occurredAt']));
    if (!first.has(id) || at < (first.get(id) as number)) first.set(id, at);
  }
  return [...first].map(([id, at]) => ({ id, at })).sort((x, y) => (x.id < y.id ? -1 : 1));
}

let n = 0;
const event = (stream: string, type: string, at: number, data: Record<string, unknown>): StreamAppend => {
  n += 1;
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const time = new Date(at).toISOString();
  return { streamName: stream, expectedRevision: 'any', events: [{ id, type, data: { ...data, at: time }, metadata: { occurredAt: time } }] };
};
const HOUR = 3_600_000;
const AGENT = { kind: 'user', id: 'agent-maria' };

/**
 * What simulated connector traffic lacks, for the customers of `appends`: tickets (opened, routed a complaint, solved,
 * closed, one of a customer never seen), agents' tags and an agent's
 * merge and unmerge. Ids are fixed, so a second call appends nothing new.
 */
export function storyAppends(appends: readonly StreamAppend[]): StreamAppend[] {
  n = 0;
  const customers = customersOf(appends);
  const out: StreamAppend[] = [];
  customers.slice(0, 10).forEach((c, i) => {
    const ticketId = `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const opened = c.at + HOUR;
    const t = (type: string, at: number, data: Record<string, unknown> = {}) => out.push(event(`ticket-${ticketId}`, type, at, { ticketId, customerId: c.id, ...data }));
    t('cs.ticket.opened.v1', opened, { number: 1000 + i, channel: 'email', subject: `Order ${i} arrived damaged`, priority: 'normal', openedBy: 'system', openedAt: new Date(opened).toISOString() });
    if (i % 2 === 0) t('cs.ticket.routed.v1', opened + 1000, { teamId: 'team-support', category: 'complaint', priority: 'high', requiredSkills: [], ruleId: 'r1', rulesVersion: 1 });
    if (i % 3 !== 2) t('cs.ticket.status-changed.v1', opened + 2 * HOUR, { from: 'open', to: 'solved', actor: AGENT });
    if (i % 3 === 0) t('cs.ticket.status-changed.v1', opened + 3 * HOUR, { from: 'solved', to: 'closed', actor: AGENT });
  });
  const stranger = '20000000-0000-4000-8000-000000000000';
  out.push(event(`ticket-${stranger}`, 'cs.ticket.opened.v1', customers[0].at, {
    ticketId: stranger, customerId: '30000000-0000-4000-8000-000000000000', number: 999, channel: 'phone', subject: 'Who am I', priority: 'low', openedBy: 'system',
    openedAt: new Date(customers[0].at).toISOString(),
  }));
  customers.slice(10, 13).forEach((c, i) => {
    out.push(event(`customer-${c.id}`, 'cs.customer.tags-changed.v1', c.at + HOUR, { customerId: c.id, added: ['vip', `t${i}`], removed: [], tags: ['vip', `t${i}`], actor: AGENT }));
    out.push(event(`customer-${c.id}`, 'cs.customer.tags-changed.v1', c.at + 2 * HOUR, { customerId: c.id, added: ['x'], removed: ['vip'], tags: ['x', `t${i}`], actor: AGENT }));
  });
  const [a, b, c, d] = customers.slice(13, 17);
  const merge = (survivor: { id: string; at: number }, merged: { id: string }, type: string, at: number) =>
    out.push(event(`customer-${survivor.id}`, type, at, { survivorId: survivor.id, mergedId: merged.id, reason: 'agent', actor: AGENT, ...(type.endsWith('merged.v1') && !type.includes('unmerged') ? { mode: 'manual' } : {}) }));
  merge(a, b, 'cs.customer.merged.v1', Math.max(a.at, b.at) + HOUR);
  merge(c, d, 'cs.customer.merged.v1', Math.max(c.at, d.at) + HOUR);
  merge(c, d, 'cs.customer.unmerged.v1', Math.max(c.at, d.at) + 2 * HOUR);
  out.push(...sharedStory(customers[0].at));
  return out;
}

/**
 * A family email vouched for with two external ids (shared: it glued a phone to the first, and splits again), a
 * web form that only claims identifiers together, and a blocklisted email that identifies nobody.
 */
function sharedStory(start: number): StreamAppend[] {
  const said = (type: string, customer: CustomerRef, hours: number, data: Record<string, unknown> = {}) =>
    event(`interaction-${customerIdFor(customer)}`, type, start + hours * HOUR, { customer, ...data });
  const family = 'family@example.com';
  return [
    said('cs.customer.identified.v1', { email: family, phone: '+4915112345678', name: 'The Family' }, 1, { traits: { tier: 'gold' } }),
    said('cs.order.placed.v1', { externalId: 'crm-1', email: family }, 2, { orderId: 'o-1', amount: 10, currency: 'EUR' }),
    said('cs.order.placed.v1', { externalId: 'crm-2', email: family }, 3, { orderId: 'o-2', amount: 20, currency: 'EUR' }),
    said('cs.message.received.v1', { email: 'visitor@example.org', phone: '+4915187654321' }, 4, { channel: 'webform', text: 'hello' }),
    said('cs.page.viewed.v1', { email: 'test@test.com' }, 5, { url: 'https://shop.example.com/' }),
  ];
}
