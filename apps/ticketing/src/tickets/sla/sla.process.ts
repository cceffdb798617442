import { derivedId, type OutboundRequestedData, type TicketOpenedData } from '@csp/contracts';
import { ConcurrencyError, type EventStore, type StreamAppend } from '@csp/event-store';
import type { DeliveredEvent } from '@csp/message-bus';
import type { DeadlineHandler, DeadlineStore, FiredDeadline } from '@csp/scheduler';
import {
  type BusinessCalendar, evolveSla, type OpenedTicket, SLA_EVENT_TYPES, type SlaClocks, type SlaContext,
  slaDeadlines, type SlaEvent, slaOnDeadline, slaOnTicketEvent, type SlaPoliciesDocument, type SlaTarget, selectSlaPolicy,
  raisedPriority, type TeamsDocument, type TicketEvent,
} from '@csp/ticketing-domain';
import type { DataSource } from 'typeorm';
import { businessCalendars } from '../../config/business-calendars';
import type { ConfigStore } from '../../config/config-store';
import { outboundRequest } from '../../outbound/request-outbound';
import { TicketStreams } from '../ticket-streams';

export const SLA_DEADLINE_KINDS = { warn: 'sla-warn', breach: 'sla-breach' } as const;
const SLA_ACTOR = { kind: 'system', id: 'sla' } as const;

interface Loaded {
  ticket: OpenedTicket;
  openedAt: string;
  ctx: SlaContext;
  revision: bigint;
}

/**
 * SLA clocks over the ticket events: starts, pauses, resumes and stops them (`slaOnTicketEvent`), keeps one
 * warning and one breach deadline per running clock on the durable scheduler, and when a deadline fires records
 * the warning or the breach, tells the assignee and the team lead, and escalates as the policy says. SLA events
 * go into the ticket's stream with an exact expected revision; their ids derive from their cause, so a
 * redelivered event or a re-fired deadline changes nothing.
 */
export class SlaProcess {
  private readonly tickets: TicketStreams;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly configs: ConfigStore,
    private readonly deadlines: DeadlineStore,
  ) {
    this.tickets = new TicketStreams(store);
  }

  handlers(): Record<string, DeadlineHandler> {
    return {
      [SLA_DEADLINE_KINDS.warn]: (d) => this.fire(d as FiredDeadline<{ ticketId: string; target: SlaTarget }>, 'warn'),
      [SLA_DEADLINE_KINDS.breach]: (d) => this.fire(d as FiredDeadline<{ ticketId: string; target: SlaTarget }>, 'breach'),
    };
  }

  async handle(event: DeliveredEvent): Promise<void> {
    if (!['cs.ticket.routed.v1', 'cs.ticket.message-added.v1', 'cs.ticket.status-changed.v1'].includes(event.type)) return;
    // Clocks start when the ticket is routed, after the two events that open it: the opening message (revision 1)
    // meets no clock and needs no read (every new ticket would pay two round trips for nothing).
    if (event.revision !== undefined && BigInt(event.revision) <= 1n) return;
    const ticketId = (event.data as { ticketId: string }).ticketId;
    const ticketEvent = { type: event.type, data: event.data } as TicketEvent;
    await this.apply(ticketId, new Date(), (ctx) => slaOnTicketEvent(ctx, ticketEvent), (i) => derivedId(`sla-${i}`, event.id));
  }

  private async fire(deadline: FiredDeadline<{ ticketId: string; target: SlaTarget }>, kind: 'warn' | 'breach'): Promise<void> {
    const { ticketId, target } = deadline.payload;
    const { events, loaded } = await this.apply(
      ticketId, deadline.firedAt, (ctx) => slaOnDeadline(ctx, target, kind), (i) => derivedId(`sla-${kind}-${i}`, deadline.occurrence),
      (decided, on) => this.notifications(decided, on, deadline.occurrence),
    );
    for (const e of events) if (loaded) await this.escalate(e, loaded, deadline.occurrence);
  }

  /**
   * Decides SLA events on the ticket's current state, appends them (with `alongside`'s appends, in the same
   * transaction), and re-plans the ticket's deadlines.
   */
  private async apply(
    ticketId: string, now: Date, decide: (ctx: SlaContext) => SlaEvent[], eventId: (i: number) => string,
    alongside: (events: SlaEvent[], loaded: Loaded) => Promise<StreamAppend[]> = async () => [],
  ): Promise<{ events: SlaEvent[]; loaded?: Loaded }> {
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.load(ticketId, now);
      if (!loaded) return { events: [] };
      const events = decide(loaded.ctx);
      try {
        if (events.length > 0) {
          await this.store.appendMany([
            {
              streamName: TicketStreams.streamOf(ticketId),
              events: events.map((e, i) => ({ id: eventId(i), type: e.type, data: e.data, metadata: { partitionKey: ticketId } })),
              expectedRevision: loaded.revision,
            },
            ...(await alongside(events, loaded)),
          ]);
        }
      } catch (error) {
        if (error instanceof ConcurrencyError && attempt < 5) continue;
        throw error;
      }
      // A ticket that never had a clock has no deadlines to re-plan (the message that opened it, say).
      const clocks = events.reduce(evolveSla, loaded.ctx.clocks);
      if (Object.keys(clocks).length > 0) await this.plan(ticketId, { ...loaded.ctx, clocks });
      return { events, loaded };
    }
  }

  /** One warning and one breach deadline per running clock; nothing for stopped ones. */
  private async plan(ticketId: string, ctx: SlaContext): Promise<void> {
    const wanted = slaDeadlines(ctx).map((d) => ({
      id: `sla:${ticketId}:${d.target}:${d.kind}`, kind: SLA_DEADLINE_KINDS[d.kind], dueAt: d.at, payload: { ticketId, target: d.target },
    }));
    await this.deadlines.replaceByPrefix(`sla:${ticketId}:`, wanted);
  }

  /**
   * A warning goes to the assignee and the team lead, a breach to the lead when the policy says so: outbound
   * requests written with the SLA event (`loaded` is the ticket the event was decided on).
   */
  private async notifications(events: SlaEvent[], loaded: Loaded, occurrence: string): Promise<StreamAppend[]> {
    const appends: StreamAppend[] = [];
    for (const event of events) {
      if (event.type !== 'cs.sla.warned.v1' && event.type !== 'cs.sla.breached.v1') continue;
      const d = event.data;
      const breach = event.type === 'cs.sla.breached.v1';
      if (breach && !loaded.ctx.policy?.onBreach?.notifyLead) continue;
      const lead = d.teamId ? (await this.configs.get<TeamsDocument>('teams')).document.teams.find((t) => t.id === d.teamId)?.leadId : undefined;
      for (const person of new Set([...(breach ? [] : [d.agentId]), lead].filter((p): p is string => Boolean(p)))) {
        const messageId = derivedId(`sla-${breach ? 'breach' : 'warning'}-${person}`, occurrence);
        const data: OutboundRequestedData = {
          messageId, kind: breach ? 'sla_breach' : 'sla_warning', channel: 'chat', to: person, customerId: d.customerId, ticketId: d.ticketId,
          subject: `[#${loaded.ticket.number}] ${d.target.replace('_', ' ')} ${breach ? 'breached' : `due ${d.dueAt}`}`,
          body: breach ? `Ticket #${loaded.ticket.number} missed its ${d.target.replace('_', ' ')} target (due ${d.dueAt}).` : `Ticket #${loaded.ticket.number} needs its ${d.target.replace('_', ' ')} by ${d.dueAt}.`,
          at: d.at,
        };
        appends.push(outboundRequest(data));
      }
    }
    return appends;
  }

  /** On breach, raises the priority and/or unassigns the ticket, as the policy says. */
  private async escalate(event: SlaEvent, loaded: Loaded, occurrence: string): Promise<void> {
    if (event.type !== 'cs.sla.breached.v1') return;
    const d = event.data;
    const onBreach = loaded.ctx.policy?.onBreach ?? {};
    if (onBreach.raisePriority) {
      await this.tickets.execute(d.ticketId, { type: 'ChangePriority', to: raisedPriority(loaded.ticket.priority), reason: 'sla_escalation', actor: SLA_ACTOR, now: new Date(d.at) }, {
        eventId: (i) => derivedId(`sla-escalation-${i}`, occurrence), metadata: {},
      });
    }
    if (onBreach.reassign && loaded.ticket.assigneeId) {
      await this.tickets.execute(d.ticketId, { type: 'UnassignTicket', reason: 'manual', actor: SLA_ACTOR, now: new Date(d.at) }, {
        eventId: (i) => derivedId(`sla-reassign-${i}`, occurrence), metadata: {},
      });
    }
  }

  private async load(ticketId: string, now: Date): Promise<Loaded | undefined> {
    const history = await this.store.readStream(TicketStreams.streamOf(ticketId));
    if (history.length === 0) return undefined;
    const { state } = TicketStreams.fold(history);
    if (state.status === 'none') return undefined;
    const clocks = history.filter((e) => (SLA_EVENT_TYPES as readonly string[]).includes(e.type)).reduce<SlaClocks>((c, e) => evolveSla(c, { type: e.type, data: e.data } as SlaEvent), {});
    const openedAt = (history.find((e) => e.type === 'cs.ticket.opened.v1')?.data as TicketOpenedData).openedAt;
    const { policy, calendar } = await this.policyOf(state, clocks);
    const ctx: SlaContext = { ticket: { ticketId, customerId: state.customerId, openedAt, assigneeId: state.assigneeId, teamId: state.teamId }, clocks, policy, calendar, now };
    return { ticket: state, openedAt, ctx, revision: history[history.length - 1].revision };
  }

  /** The policy the ticket's clocks run under (chosen once, when the first clock started), and its calendar. */
  private async policyOf(ticket: OpenedTicket, clocks: SlaClocks): Promise<{ policy: SlaContext['policy']; calendar: BusinessCalendar }> {
    const policies = (await this.configs.get<SlaPoliciesDocument>('sla-policies')).document.policies ?? [];
    const running = Object.values(clocks)[0];
    // The tier costs a round trip: only asked for when a policy has a condition on it.
    const tier = () => (policies.some((p) => p.when.tier !== undefined) ? this.tierOf(ticket.customerId) : undefined);
    const policy = running ? policies.find((p) => p.id === running.policyId) : selectSlaPolicy({ policies }, { ...ticket, tier: await tier() });
    return { policy, calendar: (await businessCalendars(this.configs))(policy?.calendarId) };
  }

  private async tierOf(customerId: string): Promise<string | undefined> {
    const rows: { tier: string }[] = await this.dataSource.query('SELECT tier FROM customer_tiers WHERE customer_id = $1', [customerId]);
    return rows[0]?.tier;
  }
}
