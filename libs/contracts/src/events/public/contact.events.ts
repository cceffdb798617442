import { Type } from '@sinclair/typebox';
import type { EventData } from '../../catalogue/event-definition';
import {
  Channel, CustomerTier, DateOnly, LanguageTag, Obj, Str, StringEnum, SurveyKind, Url, Uuid,
} from '../common.schema';
import { CustomerRefSchema } from '../customer-ref.schema';
import { interactionEvent } from '../event-factories';

/** Public events about the customer and their conversations with us (api.md, "Event types"). */

export const CustomerIdentified = interactionEvent(
  'cs.customer.identified.v1',
  'A connector learned who a customer is, or more about them (traits). Links identifiers into one customer.',
  {
    customer: CustomerRefSchema,
    traits: Type.Optional(
      Obj({
        name: Type.Optional(Str(200)),
        birthday: Type.Optional(DateOnly({ description: 'YYYY-MM-DD' })),
        company: Type.Optional(Str(200)),
        tier: Type.Optional(CustomerTier()),
        locale: Type.Optional(LanguageTag()),
        timezone: Type.Optional(Str(64, { description: 'IANA time zone, e.g. Europe/Berlin' })),
      }),
    ),
  },
);
export type CustomerIdentifiedData = EventData<typeof CustomerIdentified>;

export const MessageReceived = interactionEvent(
  'cs.message.received.v1',
  'A customer wrote to us on a channel (email, chat, sms, social, webform, phone). Opens or updates a ticket.',
  {
    channel: Channel(),
    customer: CustomerRefSchema,
    thread: Type.Optional(Obj({ externalId: Str(200) })),
    subject: Type.Optional(Type.String({ maxLength: 500 })),
    body: Type.String({ maxLength: 100_000 }),
    language: Type.Optional(LanguageTag()),
    attachments: Type.Optional(
      Type.Array(
        Obj({ name: Str(500), url: Url(), size: Type.Integer({ minimum: 0, description: 'bytes' }) }),
        { maxItems: 50 },
      ),
    ),
  },
);
export type MessageReceivedData = EventData<typeof MessageReceived>;

export const CallCompleted = interactionEvent(
  'cs.call.completed.v1',
  'A phone call with a customer ended. Unless it was resolved on the call, it opens or updates a ticket.',
  {
    customer: CustomerRefSchema,
    direction: StringEnum(['inbound', 'outbound'] as const),
    durationSeconds: Type.Integer({ minimum: 0, maximum: 86_400 }),
    summary: Type.Optional(Str(10_000)),
    resolvedOnCall: Type.Boolean({ description: 'false opens or updates a ticket' }),
  },
);
export type CallCompletedData = EventData<typeof CallCompleted>;

export const SocialMentioned = interactionEvent(
  'cs.social.mentioned.v1',
  'Someone mentioned the company on a social platform.',
  {
    platform: Str(50),
    handle: Str(200),
    text: Str(10_000),
    url: Type.Optional(Url()),
    sentiment: Type.Optional(Type.Number({ minimum: -1, maximum: 1, description: '-1 negative .. 1 positive' })),
    customer: Type.Optional(CustomerRefSchema),
  },
);
export type SocialMentionedData = EventData<typeof SocialMentioned>;

export const MarketingEngaged = interactionEvent(
  'cs.marketing.engaged.v1',
  'A customer interacted with a marketing campaign (email, webinar, content, form).',
  {
    customer: CustomerRefSchema,
    campaignId: Str(200),
    action: StringEnum(['email_opened', 'email_clicked', 'webinar_attended', 'content_downloaded', 'form_submitted'] as const),
    asset: Type.Optional(Str(500)),
  },
);
export type MarketingEngagedData = EventData<typeof MarketingEngaged>;

export const SurveyAnswered = interactionEvent(
  'cs.survey.answered.v1',
  'A customer answered a satisfaction survey. Score ranges by kind (checked by consumers): CSAT 1-5, NPS 0-10, CES 1-7.',
  {
    customer: CustomerRefSchema,
    kind: SurveyKind(),
    score: Type.Integer({ minimum: 0, maximum: 10 }),
    // Both ids come from our own survey invitation (cs.survey.requested.v1), echoed back by the survey tool.
    ticketId: Type.Optional(Uuid()),
    surveyId: Type.Optional(Uuid()),
    comment: Type.Optional(Str(5_000)),
  },
);
export type SurveyAnsweredData = EventData<typeof SurveyAnswered>;
