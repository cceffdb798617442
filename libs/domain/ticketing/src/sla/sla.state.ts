import type { SlaTarget } from '../documents/sla-policies.document';
import type { SlaEvent } from './sla.events';

export interface SlaClock {
  target: SlaTarget;
  policyId: string;
  calendarId?: string;
  targetMinutes: number;
  startedAt: string;
  /** Undefined while paused (the due time moves by the pause). */
  dueAt?: string;
  state: 'active' | 'paused' | 'achieved' | 'breached';
  pauses: { from: string; to?: string }[];
  warned: boolean;
}

/** The ticket's SLA clocks by target (the latest clock of each target), folded from its SLA events. */
export type SlaClocks = Partial<Record<SlaTarget, SlaClock>>;

export function evolveSla(clocks: SlaClocks, event: SlaEvent): SlaClocks {
  const target = event.data.target;
  const clock = clocks[target];
  switch (event.type) {
    case 'cs.sla.activated.v1': {
      const d = event.data;
      return { ...clocks, [target]: { target, policyId: d.policyId, calendarId: d.calendarId, targetMinutes: d.targetMinutes, startedAt: d.at, dueAt: d.dueAt, state: 'active', pauses: [], warned: false } };
    }
    case 'cs.sla.paused.v1':
      return clock ? { ...clocks, [target]: { ...clock, state: 'paused', dueAt: undefined, pauses: [...clock.pauses, { from: event.data.at }] } } : clocks;
    case 'cs.sla.resumed.v1': {
      if (!clock) return clocks;
      const pauses = clock.pauses.map((p, i) => (i === clock.pauses.length - 1 && !p.to ? { ...p, to: event.data.at } : p));
      return { ...clocks, [target]: { ...clock, state: 'active', dueAt: event.data.dueAt, pauses } };
    }
    case 'cs.sla.warned.v1':
      return clock ? { ...clocks, [target]: { ...clock, warned: true } } : clocks;
    case 'cs.sla.achieved.v1':
      return clock ? { ...clocks, [target]: { ...clock, state: 'achieved' } } : clocks;
    case 'cs.sla.breached.v1':
      return clock ? { ...clocks, [target]: { ...clock, state: 'breached' } } : clocks;
  }
}
