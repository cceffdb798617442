import type { SlaPoliciesDocument, SlaPolicy } from '../documents/sla-policies.document';

export interface SlaFacts {
  priority: string;
  tier?: string;
  channel: string;
  category?: string;
  teamId?: string;
}

/** The first policy whose every given condition holds (a list means any of); undefined: no SLA for it. */
export function selectSlaPolicy(document: SlaPoliciesDocument, facts: SlaFacts): SlaPolicy | undefined {
  const holds = (allowed: readonly string[] | undefined, value: string | undefined) => !allowed || (value !== undefined && allowed.includes(value));
  return document.policies.find(
    ({ when }) =>
      holds(when.priority, facts.priority) && holds(when.tier, facts.tier) && holds(when.channel, facts.channel) &&
      holds(when.category, facts.category) && holds(when.teamId, facts.teamId),
  );
}
