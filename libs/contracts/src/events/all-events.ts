import type { EventDefinition } from '../catalogue/event-definition';
import { MessageReceived } from './message-received.event';
import { TicketOpened } from './ticket-opened.event';

/** The complete catalogue: every event type of api.md plus the integration events between services. */
export const ALL_EVENTS: readonly EventDefinition[] = [MessageReceived, TicketOpened];
