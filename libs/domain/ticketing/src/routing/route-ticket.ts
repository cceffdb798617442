import { messageText, type MessageText } from './keyword-match';
import { matchesConditions } from './rule-conditions.match';
import type { RouteDecision, RoutingInput } from './routing-input';
import type { RoutingRulesDocument } from './routing-rules.document';

/**
 * Classifies and routes a ticket: the first rule whose conditions all hold wins, and what its actions set
 * replaces the ticket's values. What the rule leaves out: the team is the default team (with the default's
 * required skills, which belong to that team), the priority stays, the category stays or, for a ticket that
 * has none, is the default category. No matching rule: the default route, whose priority (if any) applies.
 */
export function routeTicket(rules: RoutingRulesDocument, input: RoutingInput): RouteDecision {
  const fallback = rules.default;
  const text = lazyText(input);
  const rule = rules.rules.find((candidate) => matchesConditions(candidate.when, input, text));
  if (!rule) {
    return {
      teamId: fallback.teamId,
      priority: fallback.priority ?? input.priority,
      category: input.category ?? fallback.category,
      requiredSkills: [...(fallback.requiredSkills ?? [])],
    };
  }
  const { then } = rule;
  const skills = then.requiredSkills ?? (then.teamId === undefined ? fallback.requiredSkills : undefined) ?? [];
  return {
    teamId: then.teamId ?? fallback.teamId,
    priority: then.priority ?? input.priority,
    category: then.category ?? input.category ?? fallback.category,
    requiredSkills: [...skills],
    ruleId: rule.id,
  };
}

/** Normalises the text only if some rule asks for keywords, and then only once. */
function lazyText(input: RoutingInput): () => MessageText {
  let text: MessageText | undefined;
  return () => (text ??= messageText(input.subject, input.body));
}
