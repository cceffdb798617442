import { CHANNELS, CUSTOMER_TIERS, LanguageTag, Obj, Str, StringEnum, TICKET_PRIORITIES } from '@csp/contracts';
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * The routing-rules document (`/v1/config/routing-rules`): ordered rules, the first whose conditions all hold
 * wins and its actions apply; a ticket no rule matches takes the default route. Rules read the ticket as it
 * was opened plus the customer's tier, so evaluating them again once the tier is known is deterministic.
 */

/** Any of these values; an empty list could never match, so it is refused rather than silently dead. */
const AnyOf = <T extends TSchema>(item: T, maxItems: number) => Type.Array(item, { minItems: 1, maxItems, uniqueItems: true });

const Keywords = () => AnyOf(Str(100), 100);

export const KeywordConditionSchema = Obj(
  {
    any: Type.Optional(Keywords()),
    all: Type.Optional(Keywords()),
  },
  { description: 'case-insensitive whole words or phrases, searched in the subject and the body' },
);
export type KeywordCondition = Static<typeof KeywordConditionSchema>;

export const RuleConditionsSchema = Obj(
  {
    category: Type.Optional(AnyOf(Str(100), 100)),
    priority: Type.Optional(AnyOf(StringEnum(TICKET_PRIORITIES), TICKET_PRIORITIES.length)),
    channel: Type.Optional(AnyOf(StringEnum(CHANNELS), CHANNELS.length)),
    tier: Type.Optional(AnyOf(StringEnum(CUSTOMER_TIERS), CUSTOMER_TIERS.length)),
    language: Type.Optional(AnyOf(LanguageTag(), 100)),
    keywords: Type.Optional(KeywordConditionSchema),
  },
  { description: 'every given condition must hold; a list matches any of its values; no conditions = every ticket' },
);
export type RuleConditions = Static<typeof RuleConditionsSchema>;

const RequiredSkills = () =>
  Type.Array(Str(50), { maxItems: 20, uniqueItems: true, description: 'the assignee must have all of them' });

export const RuleActionsSchema = Obj(
  {
    teamId: Type.Optional(Str(100, { description: 'absent = the default team' })),
    priority: Type.Optional(StringEnum(TICKET_PRIORITIES)),
    category: Type.Optional(Str(100, { description: "replaces the ticket's category (or sets it: keyword classification)" })),
    requiredSkills: Type.Optional(RequiredSkills()),
  },
  { description: 'what the matching rule sets; what it leaves out keeps the ticket value or the default' },
);
export type RuleActions = Static<typeof RuleActionsSchema>;

export const RoutingRuleSchema = Obj({
  id: Str(100, { description: 'stable: cs.ticket.routed.v1 `ruleId` names it' }),
  name: Type.Optional(Str(200)),
  when: RuleConditionsSchema,
  then: RuleActionsSchema,
});
export type RoutingRule = Static<typeof RoutingRuleSchema>;

export const DefaultRouteSchema = Obj(
  {
    teamId: Str(100),
    category: Str(100, { description: 'for tickets that arrive without a category and match no rule setting one' }),
    priority: Type.Optional(StringEnum(TICKET_PRIORITIES)),
    requiredSkills: Type.Optional(RequiredSkills()),
  },
  { description: 'the route of tickets no rule matches; its team and category also fill in what a matching rule leaves out' },
);
export type DefaultRoute = Static<typeof DefaultRouteSchema>;

export const RoutingRulesDocumentSchema = Obj({
  version: Type.Optional(
    Type.Integer({ minimum: 1, description: 'the version this document was edited from, as GET returned it; the app may check it like If-Match' }),
  ),
  rules: Type.Array(RoutingRuleSchema, { maxItems: 500, description: 'in order: the first matching rule wins' }),
  default: DefaultRouteSchema,
});
export type RoutingRulesDocument = Static<typeof RoutingRulesDocumentSchema>;
