import type { CUSTOMER_TIERS } from '@csp/contracts';
import type { TicketPriority } from '../ticket/ticket.types';

/**
 * What routing reads: the ticket as it was opened (cs.ticket.opened.v1 and its first message) plus the
 * customer's tier from the local read model of the profile service's events. Pass the values as opened, not as
 * a previous routing left them, so routing again gives what one routing with all the facts would have given.
 */
export interface RoutingInput {
  category?: string;
  priority: TicketPriority;
  channel: string;
  /** Absent while the profile service has not told us the customer's tier. */
  tier?: (typeof CUSTOMER_TIERS)[number];
  /** BCP 47 tag, e.g. `de-CH`. */
  language?: string;
  subject?: string;
  body: string;
}

/** The outcome: the data of cs.ticket.routed.v1 (without ids, rules version and time, which the app adds). */
export interface RouteDecision {
  teamId: string;
  priority: TicketPriority;
  category: string;
  requiredSkills: string[];
  /** The matched rule; absent when the default route applied. */
  ruleId?: string;
}
