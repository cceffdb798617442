import { derivedId, type OutboundRequestedData, type TicketMessageAddedData, type TicketStatusChangedData } from '@csp/contracts';
import type { EventStore } from '@csp/event-store';
import type { DeliveredEvent } from '@csp/message-bus';
import type { DeadlineHandler, DeadlineStore, FiredDeadline } from '@csp/scheduler';
import { type OpenedTicket, raisedPriority, type TeamsDocument, type TicketCommand, type TimeRulesDocument, WORKING_STATUSES } from '@csp/ticketing-domain';
import type { ConfigStore } from '../../config/config-store';
import { requestOutbound } from '../../outbound/request-outbound';
import { TicketStreams } from '../ticket-streams';

type TimeRule = TimeRulesDocument['rules'][number];
type Condition = TimeRule['when']['condition'];

export const TIME_RULE_DEADLINE_KIND = 'time-rule';
const ACTOR = { kind: 'system', id: 'time-rules' } as const;

/**
 * Time rules of `/v1/config/time-rules` ("no agent reply within 30 minutes -> raise priority"), at minute
 * precision on the durable scheduler: each ticket event starts or stops the clocks of the conditions it touches
 * (a deadline per ticket and rule), and a firing deadline checks the condition still holds before acting.
 */
export class TimeRulesProcess {
  private readonly tickets: TicketStreams;

  constructor(
    private readonly store: EventStore,
    private readonly configs: ConfigStore,
    private readonly deadlines: DeadlineStore,
  ) {
    this.tickets = new TicketStreams(store);
  }

  handlers(): Record<string, DeadlineHandler> {
    return { [TIME_RULE_DEADLINE_KIND]: (d) => this.fire(d as FiredDeadline<{ ticketId: string; ruleId: string }>) };
  }

  async handle(event: DeliveredEvent): Promise<void> {
    const started = startedConditions(event);
    const stopped = stoppedConditions(event);
    if (started.length === 0 && stopped.length === 0) return;
    const ticketId = (event.data as { ticketId: string }).ticketId;
    const rules = (await this.configs.get<TimeRulesDocument>('time-rules')).document.rules ?? [];
    const at = Date.parse((event.data as { at?: string; openedAt?: string }).at ?? (event.data as { openedAt: string }).openedAt);
    for (const rule of rules) {
      if (stopped.includes(rule.when.condition)) await this.deadlines.cancel(`rule:${ticketId}:${rule.id}`);
    }
    // Every rule an event starts, in one statement (a new ticket starts several).
    const due = rules
      .filter((rule) => started.includes(rule.when.condition))
      .map((rule) => ({ id: `rule:${ticketId}:${rule.id}`, kind: TIME_RULE_DEADLINE_KIND, dueAt: new Date(at + rule.when.minutes * 60_000), payload: { ticketId, ruleId: rule.id } }));
    if (due.length > 0) await this.deadlines.scheduleMany(due);
  }

  private async fire(deadline: FiredDeadline<{ ticketId: string; ruleId: string }>): Promise<void> {
    const { ticketId, ruleId } = deadline.payload;
    const rule = ((await this.configs.get<TimeRulesDocument>('time-rules')).document.rules ?? []).find((r) => r.id === ruleId);
    const { state } = await this.tickets.load(ticketId);
    if (!rule || state.status === 'none' || !(await this.stillHolds(rule.when.condition, state))) return;
    if (rule.when.priority && !rule.when.priority.includes(state.priority)) return;
    if (rule.when.teamId && !(state.teamId && rule.when.teamId.includes(state.teamId))) return;
    const now = deadline.firedAt;
    const ids = (step: string) => ({ eventId: (i: number) => derivedId(`time-rule-${step}-${i}`, deadline.occurrence), metadata: { causationId: deadline.id } });
    if (rule.then.note) {
      await this.tickets.execute(ticketId, { type: 'AddAgentMessage', messageId: derivedId('time-rule-note', deadline.occurrence), body: rule.then.note, public: false, author: ACTOR, now }, ids('note'));
    }
    const action: TicketCommand | undefined =
      rule.then.action === 'raise_priority' ? { type: 'ChangePriority', to: raisedPriority(state.priority), reason: 'time_rule', actor: ACTOR, now }
      : rule.then.action === 'reassign' && state.teamId ? { type: 'UnassignTicket', reason: 'time_rule', actor: ACTOR, now }
      : rule.then.action === 'solve' ? { type: 'ChangeStatus', to: 'solved', actor: ACTOR, now }
      : undefined;
    if (action) await this.tickets.execute(ticketId, action, ids('action'));
    if (rule.then.action === 'notify_lead') await this.notifyLead(state, rule, deadline.occurrence, now);
  }

  private async stillHolds(condition: Condition, ticket: OpenedTicket): Promise<boolean> {
    if (!WORKING_STATUSES.includes(ticket.status)) return false;
    if (condition === 'unassigned') return !ticket.assigneeId;
    if (condition === 'pending_without_customer_reply') return ticket.status === 'pending';
    // no_agent_reply: the last public message is the customer's.
    const messages = (await this.tickets.history(ticket.ticketId)).filter((e) => e.type === 'cs.ticket.message-added.v1').map((e) => e.data as TicketMessageAddedData).filter((m) => m.public);
    return messages.at(-1)?.author === 'customer';
  }

  /** The contract has no staff-alert kind besides the SLA ones: time-rule alerts to the lead use `sla_warning`. */
  private async notifyLead(ticket: OpenedTicket, rule: TimeRule, occurrence: string, now: Date): Promise<void> {
    const lead = (await this.configs.get<TeamsDocument>('teams')).document.teams.find((t) => t.id === ticket.teamId)?.leadId;
    if (!lead) return;
    const messageId = derivedId('time-rule-alert', occurrence);
    const data: OutboundRequestedData = {
      messageId, kind: 'sla_warning', channel: 'chat', to: lead, customerId: ticket.customerId, ticketId: ticket.ticketId,
      subject: `[#${ticket.number}] ${rule.name ?? rule.id}`, body: `Ticket #${ticket.number}: ${rule.name ?? rule.id} (${rule.when.condition.replace(/_/g, ' ')} for ${rule.when.minutes} min).`, at: now.toISOString(),
    };
    await requestOutbound(this.store, data);
  }
}

function startedConditions(event: DeliveredEvent): Condition[] {
  if (event.type === 'cs.ticket.opened.v1') return ['no_agent_reply'];
  if (event.type === 'cs.ticket.message-added.v1') {
    // The opening message (revision 1) starts what the opening (revision 0) started at the same moment already.
    const opening = event.revision === '1';
    return (event.data as TicketMessageAddedData).author === 'customer' && !opening ? ['no_agent_reply'] : [];
  }
  if (event.type === 'cs.ticket.routed.v1' || event.type === 'cs.ticket.unassigned.v1') return ['unassigned'];
  if (event.type === 'cs.ticket.status-changed.v1') return (event.data as TicketStatusChangedData).to === 'pending' ? ['pending_without_customer_reply'] : [];
  return [];
}

function stoppedConditions(event: DeliveredEvent): Condition[] {
  if (event.type === 'cs.ticket.message-added.v1') {
    const m = event.data as TicketMessageAddedData;
    if (m.author === 'agent' && m.public) return ['no_agent_reply'];
    if (m.author === 'customer') return ['pending_without_customer_reply'];
    return [];
  }
  if (event.type === 'cs.ticket.assigned.v1') return ['unassigned'];
  if (event.type === 'cs.ticket.status-changed.v1') {
    const to = (event.data as TicketStatusChangedData).to;
    return to === 'solved' || to === 'closed' ? ['no_agent_reply', 'unassigned', 'pending_without_customer_reply'] : to === 'pending' ? [] : ['pending_without_customer_reply'];
  }
  return [];
}
