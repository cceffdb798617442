import type { Actor, AddAgentMessage, AddCustomerMessage, ChangeStatus, MergeTicket, OpenTicket, TicketCommand } from './ticket.commands';
import { InvalidMerge, InvalidStatusChange, ReopenWindowPassed, TicketAlreadyOpened, TicketClosed, TicketNotFound } from './ticket.errors';
import type { TicketEvent } from './ticket.events';
import type { OpenedTicket, TicketState } from './ticket.state';
import { WORKING_STATUSES as WORKING } from './ticket.types';


/**
 * The Ticket decider: what happens when a command meets the current state. Pure; time is an input. A command
 * that changes nothing (the same status, priority or assignee again) decides no events, so retries are harmless.
 */
export function decideTicket(command: TicketCommand, state: TicketState): TicketEvent[] {
  if (command.type === 'OpenTicket') return open(command, state);
  if (state.status === 'none') throw new TicketNotFound();
  if (state.status === 'closed' && command.type !== 'AddCustomerMessage') throw new TicketClosed(state.ticketId, state.mergedInto);
  const at = command.now.toISOString();
  const base = { ticketId: state.ticketId, customerId: state.customerId };
  switch (command.type) {
    case 'AddCustomerMessage':
      return customerMessage(command, state);
    case 'AddAgentMessage':
      return [agentMessage(command, state)];
    case 'ChangeStatus':
      return changeStatus(command, state);
    case 'ChangePriority':
      if (command.to === state.priority) return [];
      return [{ type: 'cs.ticket.priority-changed.v1', data: { ...base, from: state.priority, to: command.to, reason: command.reason, actor: command.actor, at } }];
    case 'RouteTicket': {
      const { teamId, category, priority, requiredSkills, ruleId, rulesVersion } = command;
      const same = teamId === state.teamId && category === state.category && priority === state.priority && sameSet(requiredSkills, state.requiredSkills);
      if (same) return [];
      return [{ type: 'cs.ticket.routed.v1', data: { ...base, teamId, category, priority, requiredSkills, ...(ruleId ? { ruleId } : {}), ...(rulesVersion ? { rulesVersion } : {}), at } }];
    }
    case 'AssignTicket': {
      if (command.agentId === state.assigneeId && command.teamId === state.teamId) return [];
      const previous = state.assigneeId ? { previousAgentId: state.assigneeId } : {};
      return [{ type: 'cs.ticket.assigned.v1', data: { ...base, agentId: command.agentId, teamId: command.teamId, strategy: command.strategy, ...previous, actor: command.actor, at } }];
    }
    case 'UnassignTicket': {
      if (!state.teamId) throw new InvalidStatusChange('unrouted', 'unassigned');
      if (!state.assigneeId && command.reason === 'manual') return [];
      const previous = state.assigneeId ? { previousAgentId: state.assigneeId } : {};
      return [{ type: 'cs.ticket.unassigned.v1', data: { ...base, teamId: state.teamId, reason: command.reason, ...previous, actor: command.actor, at } }];
    }
    case 'MergeTicket':
      return merge(command, state);
  }
}

function open(command: OpenTicket, state: TicketState): TicketEvent[] {
  if (state.status !== 'none') throw new TicketAlreadyOpened(command.ticketId);
  const at = command.now.toISOString();
  const author = command.agent ?? { kind: 'user', id: command.customerId };
  return [
    {
      type: 'cs.ticket.opened.v1',
      data: {
        ticketId: command.ticketId,
        number: command.number,
        customerId: command.customerId,
        channel: command.channel,
        subject: command.subject?.trim() || summarise(command.body),
        priority: command.priority ?? 'normal',
        openedBy: command.agent ? 'agent' : 'system',
        ...(command.sourceEventId ? { sourceEventId: command.sourceEventId } : {}),
        ...(command.threadId ? { threadId: command.threadId } : {}),
        ...(command.language ? { language: command.language } : {}),
        ...(command.followUpOf ? { followUpOf: command.followUpOf } : {}),
        openedAt: at,
      },
    },
    {
      type: 'cs.ticket.message-added.v1',
      data: {
        ticketId: command.ticketId,
        customerId: command.customerId,
        messageId: command.messageId,
        // An agent opening a ticket on the customer's behalf writes down what the customer asked.
        author: command.agent ? 'agent' : 'customer',
        authorId: author.id,
        public: true,
        body: command.body,
        ...(command.sourceEventId ? { sourceEventId: command.sourceEventId } : {}),
        at,
      },
    },
  ];
}

/** The customer wrote again: a pending ticket is open again; a solved one reopens within the window. */
function customerMessage(command: AddCustomerMessage, state: OpenedTicket): TicketEvent[] {
  if (state.messageIds.includes(command.messageId)) return [];
  if (state.status === 'closed') throw new TicketClosed(state.ticketId, state.mergedInto);
  const at = command.now.toISOString();
  const base = { ticketId: state.ticketId, customerId: state.customerId };
  const customer: Actor = { kind: 'user', id: state.customerId };
  const events: TicketEvent[] = [];
  if (state.status === 'solved') {
    const solvedAt = state.solvedAt ?? at;
    if (command.now.getTime() - Date.parse(solvedAt) > command.reopenWindowMinutes * 60_000) throw new ReopenWindowPassed(state.ticketId);
    events.push(
      { type: 'cs.ticket.reopened.v1', data: { ...base, previousSolvedAt: solvedAt, reopenCount: state.reopenCount + 1, by: 'customer', actor: customer, at } },
      { type: 'cs.ticket.status-changed.v1', data: { ...base, from: 'solved', to: 'open', actor: customer, at } },
    );
  } else if (state.status === 'pending') {
    events.push({ type: 'cs.ticket.status-changed.v1', data: { ...base, from: 'pending', to: 'open', actor: customer, at } });
  }
  events.push({
    type: 'cs.ticket.message-added.v1',
    data: {
      ...base, messageId: command.messageId, author: 'customer', authorId: state.customerId, public: true, body: command.body,
      ...(command.channel ? { channel: command.channel } : {}),
      ...(command.sourceEventId ? { sourceEventId: command.sourceEventId } : {}),
      at,
    },
  });
  return events;
}

function agentMessage(command: AddAgentMessage, state: OpenedTicket): TicketEvent {
  return {
    type: 'cs.ticket.message-added.v1',
    data: {
      ticketId: state.ticketId, customerId: state.customerId, messageId: command.messageId,
      author: command.author.kind === 'system' ? 'system' : 'agent', authorId: command.author.id,
      public: command.public, body: command.body, at: command.now.toISOString(),
    },
  };
}

function changeStatus(command: ChangeStatus, state: OpenedTicket): TicketEvent[] {
  const { to, actor } = command;
  if (to === state.status) return [];
  const at = command.now.toISOString();
  const base = { ticketId: state.ticketId, customerId: state.customerId };
  const allowed =
    (WORKING.includes(state.status) && (WORKING.includes(to) || to === 'solved')) || (state.status === 'solved' && (to === 'open' || to === 'closed'));
  if (!allowed) throw new InvalidStatusChange(state.status, to);
  const changed: TicketEvent = { type: 'cs.ticket.status-changed.v1', data: { ...base, from: state.status, to, actor, at } };
  if (state.status !== 'solved' || to !== 'open') return [changed];
  const by = actor.kind === 'system' ? 'system' : 'agent';
  const reopened: TicketEvent = {
    type: 'cs.ticket.reopened.v1',
    data: { ...base, previousSolvedAt: state.solvedAt ?? at, reopenCount: state.reopenCount + 1, by, actor, at },
  };
  return [reopened, changed];
}

function merge(command: MergeTicket, state: OpenedTicket): TicketEvent[] {
  if (command.intoTicketId === state.ticketId) throw new InvalidMerge('a ticket cannot be merged into itself');
  const at = command.now.toISOString();
  const base = { ticketId: state.ticketId, customerId: state.customerId };
  return [
    { type: 'cs.ticket.merged.v1', data: { ...base, intoTicketId: command.intoTicketId, actor: command.actor, at } },
    { type: 'cs.ticket.status-changed.v1', data: { ...base, from: state.status, to: 'closed', actor: command.actor, at } },
  ];
}

/** A subject for messages that have none (chat, sms): the first line of the body, shortened. */
function summarise(body: string): string {
  const line = body.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line || '(no subject)';
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
