import { matchesKeywords, type MessageText } from './keyword-match';
import type { RoutingInput } from './routing-input';
import type { RuleConditions } from './routing-rules.document';

/**
 * Whether every condition given in `when` holds for the ticket (a list holds when the ticket's value is any
 * of its values). A condition on a value the ticket does not have yet, like the tier before the profile
 * service told us, does not hold: the rule may match later, when the ticket is routed again.
 */
export function matchesConditions(when: RuleConditions, input: RoutingInput, text: () => MessageText): boolean {
  return (
    oneOf(when.category, input.category) &&
    oneOf(when.priority, input.priority) &&
    oneOf(when.channel, input.channel) &&
    oneOf(when.tier, input.tier) &&
    (when.language === undefined || when.language.some((tag) => matchesLanguage(tag, input.language))) &&
    (when.keywords === undefined || matchesKeywords(when.keywords, text()))
  );
}

/**
 * Language tags compare case-insensitively, and a rule's tag covers its more specific tags: `de` matches
 * `de-CH`, while `de-CH` matches only `de-CH` (and its own subtags).
 */
export function matchesLanguage(ruleTag: string, language: string | undefined): boolean {
  if (language === undefined) return false;
  const rule = ruleTag.toLowerCase();
  const actual = language.toLowerCase();
  return actual === rule || actual.startsWith(`${rule}-`);
}

function oneOf<T extends string>(values: readonly T[] | undefined, actual: string | undefined): boolean {
  return values === undefined || (actual !== undefined && (values as readonly string[]).includes(actual));
}
