import { Topics } from '@csp/contracts';
import { type BusMessage, eventToMessage } from '@csp/message-bus';
import { seededRandom } from '@csp/simulator';

const CHANNELS = ['email', 'chat', 'phone', 'sms', 'whatsapp'] as const;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/**
 * Ticket lifecycles as ticketing's relay delivers them (the simulator produces connector traffic only): per
 * ticket opened, routed, assigned, the customer's message, an agent reply, solved, the first-response SLA
 * clock activated and achieved, and a survey request: 9 events, ids and times drawn from `seed`.
 */
export function analyticsTicketMessages(seed: string, tickets: number, start: Date, firstPosition: bigint): BusMessage[] {
  const random = seededRandom(`${seed}:tickets`);
  const messages: BusMessage[] = [];
  let position = firstPosition;
  const uuid = () => {
    const h = Array.from({ length: 32 }, () => random.int(0, 15).toString(16)).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
  for (let n = 0; n < tickets; n++) {
    const ticketId = uuid();
    const customerId = `cust-${random.int(0, Math.max(1, tickets / 4))}`;
    const opened = start.getTime() + random.int(0, 30 * 86_400_000);
    const teamId = `team-${random.int(1, 8)}`;
    const agentId = `${teamId}-agent-${random.int(1, 10)}`;
    const priority = random.pick(PRIORITIES);
    const channel = random.pick(CHANNELS);
    const replied = opened + Math.round(random.exponential(1_800_000));
    const solved = replied + Math.round(random.exponential(14_400_000));
    const iso = (ms: number) => new Date(ms).toISOString();
    const sla = { customerId, target: 'first_response', policyId: `policy-${priority}`, dueAt: iso(opened + 3_600_000), targetMinutes: 60 };
    const events: Array<[string, Record<string, unknown>]> = [
      ['cs.ticket.opened.v1', { number: n + 1, customerId, channel, subject: 'Help', priority: 'normal', openedBy: 'system', openedAt: iso(opened) }],
      ['cs.ticket.routed.v1', { customerId, teamId, category: `category-${random.int(1, 12)}`, priority, requiredSkills: [], at: iso(opened + 1000) }],
      ['cs.ticket.assigned.v1', { customerId, agentId, teamId, strategy: 'round_robin', actor: { kind: 'system' }, at: iso(opened + 2000) }],
      ['cs.sla.activated.v1', { ...sla, at: iso(opened + 2000) }],
      ['cs.ticket.message-added.v1', { customerId, messageId: uuid(), author: 'customer', authorId: customerId, public: true, body: 'b', at: iso(opened) }],
      ['cs.ticket.message-added.v1', { customerId, messageId: uuid(), author: 'agent', authorId: agentId, public: true, body: 'b', at: iso(replied) }],
      ['cs.sla.achieved.v1', { ...sla, businessMinutes: Math.round((replied - opened) / 60_000), agentId, teamId, at: iso(replied) }],
      ['cs.ticket.status-changed.v1', { customerId, from: 'open', to: 'solved', actor: { kind: 'system' }, at: iso(solved) }],
      ['cs.survey.requested.v1', { surveyId: uuid(), customerId, kinds: ['csat', 'nps'], channel, agentId, teamId, at: iso(solved) }],
    ];
    events.forEach(([type, data], revision) => {
      position += 1n;
      const message = eventToMessage({
        id: uuid(), type, streamName: `ticket-${ticketId}`, category: 'ticket', revision: BigInt(revision), position,
        data: { ticketId, ...data }, metadata: { partitionKey: ticketId }, recordedAt: new Date(String(data['at'] ?? data['openedAt'])),
      });
      messages.push({ ...message, headers: message.headers ?? {}, topic: Topics.ticketing, scope: 'log', position, attempt: 1 });
    });
  }
  return messages;
}
