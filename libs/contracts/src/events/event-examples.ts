import { CUSTOMER_EXAMPLES } from './examples/customer.examples';
import { PUBLIC_EXAMPLES } from './examples/public.examples';
import { TICKET_EXAMPLES } from './examples/ticket.examples';

/**
 * One valid, realistic `data` per event type of the catalogue, keyed by type. Tests (catalogue, ingestion)
 * and the traffic simulator reuse them; each example is typed against its definition.
 */
export const EVENT_EXAMPLES: Record<string, unknown> = Object.fromEntries([
  ...PUBLIC_EXAMPLES,
  ...TICKET_EXAMPLES,
  ...CUSTOMER_EXAMPLES,
]);
