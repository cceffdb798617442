import { PUBLIC_EVENT_TYPES, type PublicEventType, type SimEvent } from './events/sim-event';

/** How many events of each public type, every type listed (0 when absent) in catalogue order. */
export function countByType(events: Iterable<Pick<SimEvent, 'type'>>): Record<PublicEventType, number> {
  const counts = Object.fromEntries(PUBLIC_EVENT_TYPES.map((t) => [t, 0])) as Record<PublicEventType, number>;
  for (const event of events) counts[event.type]++;
  return counts;
}
