import type { AssignableTeam } from './assignable-team';
import { chooseAssignee, isEligible, type AgentLoad, type AssignmentCursor } from './choose-assignee';
import type { TeamStrategy } from './teams.document';

/** A ticket waiting in a team's queue. */
export interface QueuedTicket {
  ticketId: string;
  requiredSkills: readonly string[];
}

export interface QueueAssignment {
  ticketId: string;
  agentId: string;
  strategy: TeamStrategy;
}

export interface DrainedQueue {
  /** In queue order: emit cs.ticket.assigned.v1 for each. */
  assignments: QueueAssignment[];
  /** Still waiting, oldest first. */
  remaining: QueuedTicket[];
  /** `load` after the assignments. */
  load: ReadonlyMap<string, number>;
  cursor: AssignmentCursor | undefined;
}

/**
 * Assigns queued tickets of `team` (oldest first) while capacity lasts, e.g. after a ticket was solved, an
 * agent became available or capacity was raised. Each ticket goes through `chooseAssignee` with the load as it
 * stands after the earlier ones. A ticket that no free agent can take (missing skills) stays queued and the
 * tickets behind it are still tried: no free agent has its skills, so they cannot take a slot it could use.
 */
export function drainQueue(
  team: AssignableTeam,
  queue: readonly QueuedTicket[],
  load: AgentLoad,
  cursor?: AssignmentCursor,
): DrainedQueue {
  const current = new Map(load);
  const assignments: QueueAssignment[] = [];
  const remaining: QueuedTicket[] = [];
  let next = cursor;
  for (const [index, ticket] of queue.entries()) {
    if (!team.agents.some((agent) => isEligible(agent, current, []))) {
      remaining.push(...queue.slice(index));
      break;
    }
    const choice = chooseAssignee(team, current, ticket.requiredSkills, next);
    if ('queued' in choice) {
      remaining.push(ticket);
      continue;
    }
    assignments.push({ ticketId: ticket.ticketId, agentId: choice.agentId, strategy: choice.strategy });
    current.set(choice.agentId, (current.get(choice.agentId) ?? 0) + 1);
    next = choice.nextCursor;
  }
  return { assignments, remaining, load: current, cursor: next };
}
