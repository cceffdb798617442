import { Str, StringEnum, TICKET_PRIORITIES } from '@csp/contracts';
import { type Static, Type } from '@sinclair/typebox';

export const SLA_TARGETS = ['first_response', 'next_response', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];
const Minutes = (description: string) => Type.Optional(Type.Integer({ minimum: 1, maximum: 525_600, description }));
const List = (item: ReturnType<typeof Str> | ReturnType<typeof StringEnum>) => Type.Optional(Type.Array(item, { minItems: 1, maxItems: 50, uniqueItems: true }));

/**
 * `/v1/config/sla-policies`: ordered policies, the first whose conditions all hold applies to a ticket.
 * Targets are business minutes on the policy's calendar; the clocks stop while the ticket is in a pause status.
 */
export const SlaPoliciesDocumentSchema = Type.Object(
  {
    policies: Type.Array(
      Type.Object(
        {
          id: Str(100),
          name: Type.Optional(Str(200)),
          when: Type.Object(
            {
              priority: List(StringEnum(TICKET_PRIORITIES)),
              tier: List(StringEnum(['standard', 'gold', 'vip'] as const)),
              channel: List(Str(50)),
              category: List(Str(100)),
              teamId: List(Str(100)),
            },
            { additionalProperties: false, description: 'every given condition must hold; a list means any of' },
          ),
          targets: Type.Object(
            { first_response: Minutes('first public reply of a person'), next_response: Minutes('each later reply after a customer message'), resolution: Minutes('solved') },
            { additionalProperties: false, minProperties: 1 },
          ),
          calendarId: Type.Optional(Str(100, { description: "a calendar of /v1/config/calendars; absent: around the clock" })),
          pauseOn: Type.Optional(Type.Array(StringEnum(['pending', 'on_hold'] as const), { uniqueItems: true, description: "default: ['pending', 'on_hold']" })),
          warnBeforeMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_080, description: 'warn the assignee and their lead this long before a target is due (default 15)' })),
          onBreach: Type.Optional(
            Type.Object(
              {
                notifyLead: Type.Optional(Type.Boolean()),
                raisePriority: Type.Optional(Type.Boolean({ description: 'one step up, at most urgent' })),
                reassign: Type.Optional(Type.Boolean({ description: 'back to the team queue for the next available agent' })),
              },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);
export type SlaPoliciesDocument = Static<typeof SlaPoliciesDocumentSchema>;
export type SlaPolicy = SlaPoliciesDocument['policies'][number];
