import { routeTicket } from './route-ticket';
import type { RouteDecision, RoutingInput } from './routing-input';
import type { RoutingRulesDocument } from './routing-rules.document';

/** The fields of a route that change something for the ticket. */
export type RouteField = 'teamId' | 'priority' | 'category' | 'requiredSkills';

export type RouteReevaluation =
  | { changed: false }
  | {
      changed: true;
      route: RouteDecision;
      /** Lets the app add what follows: a priority change, a new queue, a new assignee for a new team. */
      changes: RouteField[];
    };

/**
 * Routes a ticket again with new facts, typically the customer's tier arriving after the ticket was routed
 * without it (a VIP complaint first routed as anyone's complaint). Changed when the new route differs in team,
 * priority, category or required skills; the app then emits cs.ticket.routed.v1 again. A different rule with
 * the same outcome is no change: re-emitting an identical route would only make noise downstream.
 */
export function reevaluateRoute(rules: RoutingRulesDocument, input: RoutingInput, previous: RouteDecision): RouteReevaluation {
  const route = routeTicket(rules, input);
  const changes = routeChanges(previous, route);
  return changes.length === 0 ? { changed: false } : { changed: true, route, changes };
}

/** The fields in which two routes differ; required skills compare as sets. */
export function routeChanges(previous: RouteDecision, next: RouteDecision): RouteField[] {
  const changes: RouteField[] = [];
  if (previous.teamId !== next.teamId) changes.push('teamId');
  if (previous.priority !== next.priority) changes.push('priority');
  if (previous.category !== next.category) changes.push('category');
  if (!sameSet(previous.requiredSkills, next.requiredSkills)) changes.push('requiredSkills');
  return changes;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}
