import { type BusinessCalendar, businessDueTime, elapsedBusinessMinutes } from '@csp/business-calendar';
import type { SlaPolicy, SlaTarget } from '../documents/sla-policies.document';
import type { TicketEvent } from '../ticket/ticket.events';
import type { SlaEvent } from './sla.events';
import type { SlaClock, SlaClocks } from './sla.state';

export interface SlaTicket {
  ticketId: string;
  customerId: string;
  openedAt: string;
  assigneeId?: string;
  teamId?: string;
}

/** What the SLA rules look at: the ticket, its clocks, its policy (chosen when it was routed) and calendar. */
export interface SlaContext {
  ticket: SlaTicket;
  clocks: SlaClocks;
  policy?: SlaPolicy;
  calendar: BusinessCalendar;
  now: Date;
}

const DEFAULT_PAUSE = ['pending', 'on_hold'];
const DEFAULT_WARN_MINUTES = 15;

/**
 * How the SLA clocks react to something that happened to the ticket. Pure; time is an input.
 * - routed (the first time): first-response and resolution clocks start at the ticket's opening;
 * - a public reply of a person: first-response and next-response targets are achieved;
 * - a customer message after a reply: a next-response clock starts;
 * - a pause status (pending, on hold by default): running clocks pause; leaving it: they resume, due later;
 * - solved or closed: every running clock is achieved (solving answers the customer too).
 */
export function slaOnTicketEvent(ctx: SlaContext, event: TicketEvent): SlaEvent[] {
  const { policy, clocks } = ctx;
  if (!policy) return [];
  const at = 'at' in event.data ? event.data.at : ctx.now.toISOString();
  switch (event.type) {
    case 'cs.ticket.routed.v1':
      if (clocks.first_response || clocks.resolution) return [];
      return (['first_response', 'resolution'] as const).flatMap((target) => activate(ctx, target, ctx.ticket.openedAt));
    case 'cs.ticket.message-added.v1': {
      const d = event.data;
      if (d.author === 'agent' && d.public) return (['first_response', 'next_response'] as const).flatMap((t) => stop(ctx, t, 'achieved', d.at));
      if (d.author !== 'customer' || clocks.first_response?.state === 'active' || clocks.first_response?.state === 'paused') return [];
      if (!clocks.first_response || clocks.next_response?.state === 'active') return [];
      return activate(ctx, 'next_response', d.at);
    }
    case 'cs.ticket.status-changed.v1': {
      const { to } = event.data;
      const pauseOn = policy.pauseOn ?? DEFAULT_PAUSE;
      if (to === 'solved' || to === 'closed') return running(clocks).flatMap((c) => stop(ctx, c.target, 'achieved', at));
      if (pauseOn.includes(to)) return running(clocks).filter((c) => c.state === 'active').map((c) => pause(ctx, c, at));
      return running(clocks).filter((c) => c.state === 'paused').map((c) => resume(ctx, c, at));
    }
    default:
      return [];
  }
}

/** A deadline fired: warn before a target is due, or record the breach; nothing when the clock moved on. */
export function slaOnDeadline(ctx: SlaContext, target: SlaTarget, kind: 'warn' | 'breach'): SlaEvent[] {
  const clock = ctx.clocks[target];
  if (!clock || clock.state !== 'active' || !clock.dueAt) return [];
  const at = ctx.now.toISOString();
  const owners = { ...(ctx.ticket.assigneeId ? { agentId: ctx.ticket.assigneeId } : {}), ...(ctx.ticket.teamId ? { teamId: ctx.ticket.teamId } : {}) };
  const base = { ...clockIds(ctx, clock), dueAt: clock.dueAt };
  if (kind === 'breach') {
    if (ctx.now.getTime() < Date.parse(clock.dueAt)) return []; // moved later since it was scheduled
    return [{ type: 'cs.sla.breached.v1', data: { ...base, businessMinutes: elapsed(ctx, clock), ...owners, at } }];
  }
  if (clock.warned || ctx.now.getTime() >= Date.parse(clock.dueAt)) return [];
  return [{ type: 'cs.sla.warned.v1', data: { ...base, businessMinutesLeft: Math.max(0, Math.round(clock.targetMinutes - elapsed(ctx, clock))), ...owners, at } }];
}

/** When each running clock must be looked at again: its warning (lead time before due) and its due time. */
export function slaDeadlines(ctx: SlaContext): { target: SlaTarget; kind: 'warn' | 'breach'; at: Date }[] {
  const lead = ctx.policy?.warnBeforeMinutes ?? DEFAULT_WARN_MINUTES;
  return running(ctx.clocks)
    .filter((c) => c.state === 'active' && c.dueAt)
    .flatMap((c) => {
      const breach = { target: c.target, kind: 'breach' as const, at: new Date(c.dueAt as string) };
      if (c.warned || lead <= 0 || lead >= c.targetMinutes) return [breach];
      const warnAt = businessDueTime(ctx.calendar, new Date(c.startedAt), c.targetMinutes - lead, pausesOf(c));
      return warnAt ? [{ target: c.target, kind: 'warn' as const, at: warnAt }, breach] : [breach];
    });
}

function activate(ctx: SlaContext, target: SlaTarget, startedAt: string): SlaEvent[] {
  const minutes = ctx.policy?.targets[target];
  if (!minutes) return [];
  const dueAt = businessDueTime(ctx.calendar, new Date(startedAt), minutes) as Date;
  return [{
    type: 'cs.sla.activated.v1',
    data: { ticketId: ctx.ticket.ticketId, customerId: ctx.ticket.customerId, target, policyId: ctx.policy?.id ?? '', targetMinutes: minutes, ...(ctx.policy?.calendarId ? { calendarId: ctx.policy.calendarId } : {}), dueAt: dueAt.toISOString(), at: startedAt },
  }];
}

function stop(ctx: SlaContext, target: SlaTarget, outcome: 'achieved', at: string): SlaEvent[] {
  const clock = ctx.clocks[target];
  if (!clock || (clock.state !== 'active' && clock.state !== 'paused')) return [];
  const minutes = elapsed({ ...ctx, now: new Date(at) }, clock);
  const dueAt = clock.dueAt ?? at;
  // Stopped after its due time without the breach recorded yet (the scheduler was behind): it is a breach.
  const type = clock.dueAt && Date.parse(at) > Date.parse(clock.dueAt) ? 'cs.sla.breached.v1' : outcome === 'achieved' ? 'cs.sla.achieved.v1' : 'cs.sla.breached.v1';
  const owners = { ...(ctx.ticket.assigneeId ? { agentId: ctx.ticket.assigneeId } : {}), ...(ctx.ticket.teamId ? { teamId: ctx.ticket.teamId } : {}) };
  return [{ type, data: { ...clockIds(ctx, clock), dueAt, businessMinutes: minutes, ...owners, at } } as SlaEvent];
}

function pause(ctx: SlaContext, clock: SlaClock, at: string): SlaEvent {
  return { type: 'cs.sla.paused.v1', data: { ...clockIds(ctx, clock), businessMinutes: elapsed({ ...ctx, now: new Date(at) }, clock), at } };
}

function resume(ctx: SlaContext, clock: SlaClock, at: string): SlaEvent {
  const pauses = pausesOf({ ...clock, pauses: clock.pauses.map((p, i) => (i === clock.pauses.length - 1 && !p.to ? { ...p, to: at } : p)) });
  const dueAt = businessDueTime(ctx.calendar, new Date(clock.startedAt), clock.targetMinutes, pauses) as Date;
  return { type: 'cs.sla.resumed.v1', data: { ...clockIds(ctx, clock), dueAt: dueAt.toISOString(), businessMinutes: elapsed({ ...ctx, now: new Date(at) }, clock), at } };
}

function clockIds(ctx: SlaContext, clock: SlaClock) {
  return { ticketId: ctx.ticket.ticketId, customerId: ctx.ticket.customerId, target: clock.target, policyId: clock.policyId };
}

/** Whole business minutes the clock has run (pauses excluded), as the events report them. */
function elapsed(ctx: SlaContext, clock: SlaClock): number {
  return Math.max(0, Math.floor(elapsedBusinessMinutes(ctx.calendar, new Date(clock.startedAt), ctx.now, pausesOf(clock))));
}

function pausesOf(clock: SlaClock) {
  return clock.pauses.map((p) => ({ from: new Date(p.from), ...(p.to ? { to: new Date(p.to) } : {}) }));
}

function running(clocks: SlaClocks): SlaClock[] {
  return Object.values(clocks).filter((c): c is SlaClock => c !== undefined && (c.state === 'active' || c.state === 'paused'));
}
