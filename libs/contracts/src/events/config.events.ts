import { Type } from '@sinclair/typebox';
import type { EventData } from '../catalogue/event-definition';
import { ActorSchema, DateTime, StringEnum } from './common.schema';
import { catalogueEvent } from './event-factories';

/**
 * Configuration is data changed through the API and stored as events, so its history is auditable and
 * simulations can replay it. Each event carries the whole new document; its own schema is validated by the
 * owning service's configuration API, so here the document is deliberately an open object.
 */

const configDocument = () =>
  Type.Record(Type.String(), Type.Unknown(), { maxProperties: 100, description: 'the whole document, as PUT' });

export const TICKETING_CONFIG_KINDS = ['teams', 'routing-rules', 'sla-policies', 'calendars', 'surveys', 'time-rules'] as const;

export const TicketingConfigChanged = catalogueEvent(
  {
    type: 'cs.ticketing.config-changed.v1',
    owner: 'ticketing',
    category: 'ticketingConfig',
    public: false,
    description: 'A ticketing configuration document (teams, routing rules, SLA policies, ...) was replaced.',
  },
  {
    kind: StringEnum(TICKETING_CONFIG_KINDS),
    version: Type.Integer({ minimum: 1 }),
    document: configDocument(),
    actor: ActorSchema,
    at: DateTime(),
  },
);
export type TicketingConfigChangedData = EventData<typeof TicketingConfigChanged>;

export const PROFILE_CONFIG_KINDS = ['segments'] as const;

export const ProfileConfigChanged = catalogueEvent(
  {
    type: 'cs.customer-profile.config-changed.v1',
    owner: 'customer-profile',
    category: 'profileConfig',
    public: false,
    description: 'A customer-profile configuration document (segment definitions) was replaced.',
  },
  {
    kind: StringEnum(PROFILE_CONFIG_KINDS),
    version: Type.Integer({ minimum: 1 }),
    document: configDocument(),
    actor: ActorSchema,
    at: DateTime(),
  },
);
export type ProfileConfigChangedData = EventData<typeof ProfileConfigChanged>;
