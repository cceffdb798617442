import { Type } from '@sinclair/typebox';
import type { EventData } from '../catalogue/event-definition';
import { IDENTITY_PRECEDENCE } from '../identity/customer-id';
import { ActorSchema, ChurnRisk, CustomerTier, DateTime, Obj, Str, StrList, StringEnum, Uuid } from './common.schema';
import { customerEvent } from './event-factories';

/**
 * Identity and profile integration events (owner customer-profile, stream `customer-<customerId>`, topic
 * cs.customers.v1). They carry ids and classifications, never more personal data than needed: the erasure of a
 * customer must not leave copies in other services' topics.
 */

export const IdentitySchema = Obj({ kind: StringEnum(IDENTITY_PRECEDENCE), value: Str(320) });
const reasons = () => StrList(20, 200);

export const CustomerIdentityLinked = customerEvent(
  'cs.customer.identity-linked.v1',
  'An identifier (email, phone, external id, social handle, anonymous id) now belongs to the customer.',
  {
    customerId: Uuid(),
    identity: IdentitySchema,
    verified: Type.Boolean({ description: 'only verified identifiers merge customers automatically' }),
    sourceEventId: Type.Optional(Uuid()),
    at: DateTime(),
  },
);
export type CustomerIdentityLinkedData = EventData<typeof CustomerIdentityLinked>;

export const CustomersMerged = customerEvent(
  'cs.customer.merged.v1',
  'Two customers were found to be one person: mergedId now answers as survivorId. Every consumer re-keys its data.',
  {
    survivorId: Uuid(),
    mergedId: Uuid(),
    mode: StringEnum(['automatic', 'manual'] as const),
    reason: Str(500),
    sharedIdentity: Type.Optional(IdentitySchema),
    actor: ActorSchema,
    at: DateTime(),
  },
);
export type CustomersMergedData = EventData<typeof CustomersMerged>;

export const CustomersUnmerged = customerEvent(
  'cs.customer.unmerged.v1',
  'A merge was undone: mergedId is a customer of its own again.',
  {
    survivorId: Uuid(),
    mergedId: Uuid(),
    reason: Type.Optional(Str(500)),
    actor: ActorSchema,
    at: DateTime(),
  },
);
export type CustomersUnmergedData = EventData<typeof CustomersUnmerged>;

export const CustomerTierChanged = customerEvent('cs.customer.tier-changed.v1', "The customer's service tier changed.", {
  customerId: Uuid(),
  from: Type.Optional(CustomerTier()),
  to: CustomerTier(),
  reason: Type.Optional(Str(500)),
  at: DateTime(),
});
export type CustomerTierChangedData = EventData<typeof CustomerTierChanged>;

export const CustomerTagsChanged = customerEvent('cs.customer.tags-changed.v1', "The customer's tags changed.", {
  customerId: Uuid(),
  added: StrList(100, 100),
  removed: StrList(100, 100),
  tags: StrList(500, 100),
  actor: ActorSchema,
  at: DateTime(),
});
export type CustomerTagsChangedData = EventData<typeof CustomerTagsChanged>;

export const SegmentEntered = customerEvent('cs.segment.entered.v1', 'The customer now matches a segment.', {
  customerId: Uuid(),
  segmentId: Str(100),
  at: DateTime(),
});
export type SegmentEnteredData = EventData<typeof SegmentEntered>;

export const SegmentLeft = customerEvent('cs.segment.left.v1', 'The customer no longer matches a segment.', {
  customerId: Uuid(),
  segmentId: Str(100),
  at: DateTime(),
});
export type SegmentLeftData = EventData<typeof SegmentLeft>;

export const CustomerHealthChanged = customerEvent(
  'cs.customer.health-changed.v1',
  "The customer's health score or churn risk changed, with the reasons.",
  {
    customerId: Uuid(),
    score: Type.Integer({ minimum: 0, maximum: 100 }),
    previousScore: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    churnRisk: ChurnRisk(),
    reasons: reasons(),
    at: DateTime(),
  },
);
export type CustomerHealthChangedData = EventData<typeof CustomerHealthChanged>;

export const ChurnRiskRaised = customerEvent('cs.churn-risk.raised.v1', 'The churn risk rose to medium or high.', {
  customerId: Uuid(),
  churnRisk: StringEnum(['medium', 'high'] as const),
  previous: ChurnRisk(),
  reasons: reasons(),
  at: DateTime(),
});
export type ChurnRiskRaisedData = EventData<typeof ChurnRiskRaised>;

export const ChurnRiskCleared = customerEvent('cs.churn-risk.cleared.v1', 'The churn risk fell back to low.', {
  customerId: Uuid(),
  previous: StringEnum(['medium', 'high'] as const),
  reasons: reasons(),
  at: DateTime(),
});
export type ChurnRiskClearedData = EventData<typeof ChurnRiskCleared>;

export const CustomerErased = customerEvent(
  'cs.customer.erased.v1',
  'The personal data of the customer was erased on request; every consumer deletes or anonymises its copies.',
  {
    customerId: Uuid(),
    alsoErasedIds: Type.Array(Uuid(), { maxItems: 1_000, description: 'customers merged into this one, erased with it' }),
    actor: ActorSchema,
    at: DateTime(),
  },
);
export type CustomerErasedData = EventData<typeof CustomerErased>;
