import { Type, type SchemaOptions, type TSchema, type TUnsafe } from '@sinclair/typebox';

/**
 * Building blocks shared by the event schemas. Every string has a maxLength and every array a maxItems, so
 * one event can never carry an unbounded field into the store, Kafka or ClickHouse.
 */

/** A non-empty string of at most `maxLength` characters. */
export const Str = (maxLength: number, options: SchemaOptions = {}) => Type.String({ minLength: 1, maxLength, ...options });

/**
 * A string enum as JSON Schema `enum` (not TypeBox's `anyOf` of `const`s), so a wrong value gives one
 * readable error at the field's path instead of one error per allowed value.
 */
export function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

export const Uuid = (options: SchemaOptions = {}) => Type.String({ format: 'uuid', maxLength: 36, ...options });

/** RFC 3339 date-time with a time zone, e.g. `2025-03-14T09:26:53.589Z`. */
export const DateTime = (options: SchemaOptions = {}) => Type.String({ format: 'date-time', maxLength: 40, ...options });

/** A calendar date `YYYY-MM-DD` (validated, so 2025-02-30 is rejected). */
export const DateOnly = (options: SchemaOptions = {}) => Type.String({ format: 'date', maxLength: 10, ...options });

export const Url = (options: SchemaOptions = {}) => Type.String({ format: 'uri', maxLength: 2000, ...options });

/** ISO 4217 alphabetic code, upper case (`EUR`, `USD`). */
export const Currency = () => Type.String({ pattern: '^[A-Z]{3}$', minLength: 3, maxLength: 3, description: 'ISO 4217' });

/** A money amount in major units of its currency (12.5 = 12.50 EUR); never negative. */
export const Amount = (options: SchemaOptions = {}) => Type.Number({ minimum: 0, ...options });

/** BCP 47 language tag, e.g. `en`, `de-CH`. */
export const LanguageTag = () => Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35 });

/** A bounded list of short strings (tags, skills, reasons). */
export const StrList = (maxItems: number, itemMaxLength: number) => Type.Array(Str(itemMaxLength), { maxItems });

/** Strict object: every schema of the catalogue rejects unknown fields, so typos never pass silently. */
export const Obj = <P extends Record<string, TSchema>>(properties: P, options: SchemaOptions = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });

export const CHANNELS = ['email', 'chat', 'sms', 'social', 'webform', 'phone'] as const;
export const Channel = () => StringEnum(CHANNELS);

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TicketPriority = () => StringEnum(TICKET_PRIORITIES);

export const TICKET_STATUSES = ['open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export const TicketStatus = () => StringEnum(TICKET_STATUSES);

export const CUSTOMER_TIERS = ['standard', 'gold', 'vip'] as const;
export const CustomerTier = () => StringEnum(CUSTOMER_TIERS);

export const SURVEY_KINDS = ['csat', 'nps', 'ces'] as const;
export const SurveyKind = () => StringEnum(SURVEY_KINDS);

export const SLA_TARGETS = ['first_response', 'next_response', 'resolution'] as const;
export const SlaTarget = () => StringEnum(SLA_TARGETS);

export const CHURN_RISKS = ['low', 'medium', 'high'] as const;
export const ChurnRisk = () => StringEnum(CHURN_RISKS);

/**
 * Who caused a change: a person (by user id, from their token), a connector, or the platform itself
 * (automation, time rules, the scheduler). Audit trails and "changed by" columns read this.
 */
export const ActorSchema = Obj({
  kind: StringEnum(['user', 'connector', 'system'] as const),
  id: Str(200, { description: 'user id, connector id, or the name of the automation (e.g. `time-rules`)' }),
});

/** A line of an order or a cart. */
export const LineItemSchema = Obj({
  productId: Str(200),
  name: Type.Optional(Str(500)),
  quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  price: Type.Optional(Amount({ description: 'unit price, in the currency of the order or cart' })),
});

export const LineItems = () => Type.Array(LineItemSchema, { maxItems: 500 });
