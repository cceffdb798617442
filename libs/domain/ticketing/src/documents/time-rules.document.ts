import { Str, StringEnum, TICKET_PRIORITIES } from '@csp/contracts';
import { type Static, Type } from '@sinclair/typebox';

/**
 * `/v1/config/time-rules`: "when <condition> has lasted N minutes -> action", checked at minute precision on
 * the durable scheduler (e.g. no agent reply within 30 minutes -> raise priority).
 */
export const TimeRulesDocumentSchema = Type.Object(
  {
    rules: Type.Array(
      Type.Object(
        {
          id: Str(100),
          name: Type.Optional(Str(200)),
          when: Type.Object(
            {
              condition: StringEnum(['no_agent_reply', 'unassigned', 'pending_without_customer_reply'] as const),
              minutes: Type.Integer({ minimum: 1, maximum: 525_600 }),
              priority: Type.Optional(Type.Array(StringEnum(TICKET_PRIORITIES), { minItems: 1, uniqueItems: true })),
              teamId: Type.Optional(Type.Array(Str(100), { minItems: 1, uniqueItems: true })),
            },
            { additionalProperties: false },
          ),
          then: Type.Object(
            {
              action: StringEnum(['raise_priority', 'reassign', 'notify_lead', 'solve'] as const),
              note: Type.Optional(Str(2_000, { description: 'an internal note added to the ticket when the rule fires' })),
            },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);
export type TimeRulesDocument = Static<typeof TimeRulesDocumentSchema>;
