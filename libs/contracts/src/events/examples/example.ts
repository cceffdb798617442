import type { EventData, EventDefinition } from '../../catalogue/event-definition';
import { customerIdFor } from '../../identity/customer-id';

/** One example, typed against its definition so an example that drifts from its schema fails to compile. */
export function example<D extends EventDefinition>(definition: D, data: EventData<D>): [string, unknown] {
  return [definition.type, data];
}

/**
 * One story runs through every example: Jane writes about a damaged delivery, a ticket is opened, routed,
 * answered and solved, she answers the survey. Ids are fixed so examples are stable across runs.
 */
export const JANE = { email: 'jane.doe@example.com', phone: '+4915123456789', externalId: 'crm-10042', name: 'Jane Doe' };
export const JANE_ID = customerIdFor(JANE);
export const JANE_DUPLICATE_ID = customerIdFor({ email: 'jane.d@example.org' });
export const TICKET_ID = '3f2b9c1e-7d4a-4e8b-9a61-5c0d2e8f7b13';
export const OTHER_TICKET_ID = '8a6e4d2c-1b3f-4c5d-8e7f-9a0b1c2d3e4f';
export const EVENT_ID = 'c7d1e0a2-5b64-4f38-9e2d-1a7b3c9f0e55';
export const MESSAGE_ID = '5e8f1a3b-2c4d-4e6f-8a9b-0c1d2e3f4a5b';
export const SURVEY_ID = '9b7c5d3e-1f2a-4b4c-9d6e-8f0a1b2c3d4e';
export const OUTBOUND_ID = '2d4f6a8c-0e1b-4c3d-a5e7-9f1b3d5f7a9c';
export const AGENT = { kind: 'user', id: 'agent-maria' } as const;
export const SYSTEM = { kind: 'system', id: 'ticketing' } as const;
export const ADMIN = { kind: 'user', id: 'admin' } as const;
