import { deciderSpecification } from '../testing/decider-specification';
import type { Actor, OpenTicket, TicketCommand } from './ticket.commands';
import { decideTicket } from './ticket.decide';
import { InvalidMerge, InvalidStatusChange, ReopenWindowPassed, TicketAlreadyOpened, TicketClosed, TicketNotFound } from './ticket.errors';
import type { TicketEvent } from './ticket.events';
import { evolveTicket, initialTicketState } from './ticket.state';

const spec = deciderSpecification({ decide: decideTicket, evolve: evolveTicket, initialState: initialTicketState });
const t0 = new Date('2026-11-23T10:00:00.000Z');
const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const ticketId = '00000000-0000-4000-8000-000000000001';
const customerId = '00000000-0000-4000-8000-0000000000c1';
const base = { ticketId, customerId };
const agent: Actor = { kind: 'user', id: 'agent-ada' };
const customer: Actor = { kind: 'user', id: customerId };

const open: OpenTicket = {
  type: 'OpenTicket', ticketId, number: 7, customerId, channel: 'email', body: 'My order never arrived.\nOrder 123',
  messageId: '00000000-0000-4000-8000-0000000000e1', sourceEventId: '00000000-0000-4000-8000-0000000000e1', now: t0,
};
const opened = decideTicket(open, initialTicketState());
/** History after applying commands one by one. */
const after = (...commands: TicketCommand[]): TicketEvent[] =>
  commands.reduce<TicketEvent[]>((history, c) => [...history, ...decideTicket(c, history.reduce(evolveTicket, initialTicketState()))], [...opened]);
const status = (to: 'open' | 'pending' | 'on_hold' | 'solved' | 'closed', minutes = 1, actor = agent): TicketCommand => ({ type: 'ChangeStatus', to, actor, now: later(minutes) });
const customerMessage = (messageId: string, minutes: number): TicketCommand => ({
  type: 'AddCustomerMessage', messageId, body: 'Any news?', channel: 'email', reopenWindowMinutes: 7 * 24 * 60, now: later(minutes),
});

describe('Ticket decider: opening', () => {
  it('opens a ticket at normal priority and records the customer message', () => {
    spec.given([]).when(open).then([
      {
        type: 'cs.ticket.opened.v1',
        data: { ...base, number: 7, channel: 'email', subject: 'My order never arrived.', priority: 'normal', openedBy: 'system', sourceEventId: open.sourceEventId, openedAt: t0.toISOString() },
      },
      {
        type: 'cs.ticket.message-added.v1',
        data: { ...base, messageId: open.messageId, author: 'customer', authorId: customerId, public: true, body: open.body, sourceEventId: open.sourceEventId, at: t0.toISOString() },
      },
    ]);
  });

  it('keeps the subject when the message has one, and records who opened it for an agent', () => {
    const [first, message] = decideTicket({ ...open, subject: ' Refund ', agent, priority: 'high', sourceEventId: undefined }, initialTicketState());
    expect(first).toMatchObject({ data: { subject: 'Refund', openedBy: 'agent', priority: 'high' } });
    expect(message).toMatchObject({ data: { author: 'agent', authorId: 'agent-ada' } });
  });

  it('refuses to open the same ticket twice, and commands on a ticket that does not exist', () => {
    spec.given(opened).when(open).thenThrows(TicketAlreadyOpened);
    spec.given([]).when(status('solved')).thenThrows(TicketNotFound);
  });
});

describe('Ticket decider: customer messages', () => {
  it('adds a reply, and moves a pending ticket back to open', () => {
    spec.given(after(status('pending'))).when(customerMessage('m2', 5)).then([
      { type: 'cs.ticket.status-changed.v1', data: { ...base, from: 'pending', to: 'open', actor: customer, at: later(5).toISOString() } },
      { type: 'cs.ticket.message-added.v1', data: { ...base, messageId: 'm2', author: 'customer', authorId: customerId, public: true, body: 'Any news?', channel: 'email', at: later(5).toISOString() } },
    ]);
  });

  it('ignores the same message delivered again', () => {
    spec.given(after(customerMessage('m2', 5))).when(customerMessage('m2', 6)).then([]);
  });

  it('reopens a solved ticket when the customer replies within the window', () => {
    const solvedAt = later(60).toISOString();
    spec.given(after(status('solved', 60))).when(customerMessage('m3', 120)).then([
      { type: 'cs.ticket.reopened.v1', data: { ...base, previousSolvedAt: solvedAt, reopenCount: 1, by: 'customer', actor: customer, at: later(120).toISOString() } },
      { type: 'cs.ticket.status-changed.v1', data: { ...base, from: 'solved', to: 'open', actor: customer, at: later(120).toISOString() } },
      { type: 'cs.ticket.message-added.v1', data: { ...base, messageId: 'm3', author: 'customer', authorId: customerId, public: true, body: 'Any news?', channel: 'email', at: later(120).toISOString() } },
    ]);
  });

  it('counts reopens', () => {
    const history = after(status('solved', 60), customerMessage('m3', 120), status('solved', 180));
    const events = decideTicket(customerMessage('m4', 200), history.reduce(evolveTicket, initialTicketState()));
    expect(events[0]).toMatchObject({ type: 'cs.ticket.reopened.v1', data: { reopenCount: 2, previousSolvedAt: later(180).toISOString() } });
  });

  it('refuses a reply after the reopen window (a new linked ticket follows) and on a closed ticket', () => {
    spec.given(after(status('solved', 60))).when(customerMessage('m3', 60 + 7 * 24 * 60 + 1)).thenThrows(ReopenWindowPassed);
    spec.given(after(status('solved', 60), status('closed', 70))).when(customerMessage('m3', 80)).thenThrows(TicketClosed);
  });
});

describe('Ticket decider: agent work', () => {
  it('adds public replies and internal notes; automatic messages are from the system', () => {
    spec.given(opened).when({ type: 'AddAgentMessage', messageId: 'r1', body: 'On it', public: false, author: agent, now: later(2) }).then([
      { type: 'cs.ticket.message-added.v1', data: { ...base, messageId: 'r1', author: 'agent', authorId: 'agent-ada', public: false, body: 'On it', at: later(2).toISOString() } },
    ]);
    const [ack] = decideTicket({ type: 'AddAgentMessage', messageId: 'a1', body: 'We got it', public: true, author: { kind: 'system', id: 'acknowledgement' }, now: t0 }, opened.reduce(evolveTicket, initialTicketState()));
    expect(ack).toMatchObject({ data: { author: 'system', authorId: 'acknowledgement' } });
  });

  it('changes status between open, pending and on hold, solves, and closes only solved tickets', () => {
    spec.given(opened).when(status('on_hold')).then([{ type: 'cs.ticket.status-changed.v1', data: { ...base, from: 'open', to: 'on_hold', actor: agent, at: later(1).toISOString() } }]);
    spec.given(after(status('on_hold'))).when(status('solved', 2)).then([{ type: 'cs.ticket.status-changed.v1', data: { ...base, from: 'on_hold', to: 'solved', actor: agent, at: later(2).toISOString() } }]);
    spec.given(opened).when(status('open')).then([]);
    spec.given(opened).when(status('closed')).thenThrows(InvalidStatusChange);
    spec.given(after(status('solved'))).when(status('pending', 2)).thenThrows(InvalidStatusChange);
    spec.given(after(status('solved'), status('closed', 2))).when(status('open', 3)).thenThrows(TicketClosed);
  });

  it('reopens a solved ticket for an agent with a reopen event', () => {
    spec.given(after(status('solved'))).when(status('open', 5)).then([
      { type: 'cs.ticket.reopened.v1', data: { ...base, previousSolvedAt: later(1).toISOString(), reopenCount: 1, by: 'agent', actor: agent, at: later(5).toISOString() } },
      { type: 'cs.ticket.status-changed.v1', data: { ...base, from: 'solved', to: 'open', actor: agent, at: later(5).toISOString() } },
    ]);
  });

  it('changes priority, and does nothing when it already is that priority', () => {
    spec.given(opened).when({ type: 'ChangePriority', to: 'urgent', reason: 'sla_escalation', actor: { kind: 'system', id: 'sla' }, now: later(3) }).then([
      { type: 'cs.ticket.priority-changed.v1', data: { ...base, from: 'normal', to: 'urgent', reason: 'sla_escalation', actor: { kind: 'system', id: 'sla' }, at: later(3).toISOString() } },
    ]);
    spec.given(opened).when({ type: 'ChangePriority', to: 'normal', reason: 'manual', actor: agent, now: later(3) }).then([]);
  });
});

describe('Ticket decider: routing and assignment', () => {
  const route: TicketCommand = { type: 'RouteTicket', teamId: 'vip', category: 'complaint', priority: 'high', requiredSkills: ['german'], ruleId: 'vip-complaints', rulesVersion: 3, now: later(1) };
  const assign = (agentId: string, minutes = 2): TicketCommand => ({ type: 'AssignTicket', agentId, teamId: 'vip', strategy: 'least_loaded', actor: { kind: 'system', id: 'assignment' }, now: later(minutes) });

  it('routes, and routes again only when something changes (the tier became known)', () => {
    spec.given(opened).when(route).then([
      { type: 'cs.ticket.routed.v1', data: { ...base, teamId: 'vip', category: 'complaint', priority: 'high', requiredSkills: ['german'], ruleId: 'vip-complaints', rulesVersion: 3, at: later(1).toISOString() } },
    ]);
    spec.given(after(route)).when({ ...route, now: later(9) } as TicketCommand).then([]);
  });

  it('assigns, reassigns with the previous agent, and unassigns into the team queue', () => {
    spec.given(after(route)).when(assign('ada')).then([
      { type: 'cs.ticket.assigned.v1', data: { ...base, agentId: 'ada', teamId: 'vip', strategy: 'least_loaded', actor: { kind: 'system', id: 'assignment' }, at: later(2).toISOString() } },
    ]);
    const reassigned = decideTicket(assign('bob', 3), after(route, assign('ada')).reduce(evolveTicket, initialTicketState()));
    expect(reassigned).toMatchObject([{ data: { agentId: 'bob', previousAgentId: 'ada' } }]);
    spec.given(after(route, assign('ada'))).when(assign('ada', 4)).then([]);
    spec.given(after(route, assign('ada'))).when({ type: 'UnassignTicket', reason: 'agent_unavailable', actor: { kind: 'system', id: 'assignment' }, now: later(5) }).then([
      { type: 'cs.ticket.unassigned.v1', data: { ...base, teamId: 'vip', reason: 'agent_unavailable', previousAgentId: 'ada', actor: { kind: 'system', id: 'assignment' }, at: later(5).toISOString() } },
    ]);
  });

  it('refuses to unassign a ticket that has no team yet', () => {
    spec.given(opened).when({ type: 'UnassignTicket', reason: 'manual', actor: agent, now: later(1) }).thenThrows(InvalidStatusChange);
  });
});

describe('Ticket decider: merge', () => {
  const into = '00000000-0000-4000-8000-000000000002';

  it('merges a duplicate into another ticket and closes it; nothing changes it afterwards', () => {
    spec.given(opened).when({ type: 'MergeTicket', intoTicketId: into, actor: agent, now: later(4) }).then([
      { type: 'cs.ticket.merged.v1', data: { ...base, intoTicketId: into, actor: agent, at: later(4).toISOString() } },
      { type: 'cs.ticket.status-changed.v1', data: { ...base, from: 'open', to: 'closed', actor: agent, at: later(4).toISOString() } },
    ]);
    const merged = after({ type: 'MergeTicket', intoTicketId: into, actor: agent, now: later(4) });
    spec.given(merged).when(status('open', 5)).thenThrows(TicketClosed);
    expect(() => decideTicket(customerMessage('m9', 6), merged.reduce(evolveTicket, initialTicketState()))).toThrow(expect.objectContaining({ mergedInto: into }));
  });

  it('refuses to merge a ticket into itself', () => {
    spec.given(opened).when({ type: 'MergeTicket', intoTicketId: ticketId, actor: agent, now: later(4) }).thenThrows(InvalidMerge);
  });
});
