import type { AssignableTeam, TeamAgent } from './assignable-team';
import type { TeamStrategy } from './teams.document';

/** Open tickets currently assigned to each agent, over all teams (the app decides which statuses count); missing = 0. */
export type AgentLoad = ReadonlyMap<string, number>;

/** The agent who got the team's previous automatic assignment; the next search starts after them. */
export type AssignmentCursor = string;

export interface AssigneeChosen {
  agentId: string;
  strategy: TeamStrategy;
  /** Keep it per team and pass it to the next call. */
  nextCursor: AssignmentCursor;
}

export interface AssigneeQueued {
  queued: true;
  reason: 'no_agent_available';
}

export type AssigneeChoice = AssigneeChosen | AssigneeQueued;

const QUEUED: AssigneeQueued = { queued: true, reason: 'no_agent_available' };

/**
 * Picks the assignee of one ticket in `team`, or says it must wait in the team's queue.
 *
 * Every strategy considers only eligible agents: available, under capacity (load < capacity), and having all
 * `requiredSkills` (so a ticket routed with `german` never goes to an agent without it, whatever the strategy).
 * Candidates are looked at in member order starting just after `cursor`, and that order breaks every tie, so
 * the choice is deterministic and equal candidates take turns:
 * - `round_robin`: the first eligible agent after the cursor.
 * - `least_loaded`: the eligible agent with the fewest open tickets (turns matter when tickets close fast and
 *   everyone sits at 0: a fixed tie-break would give them all to the first member).
 * - `skills`: the least loaded agent having the required skills; on equal load, the one with the fewest skills
 *   beyond those required, which keeps multi-skilled agents free for the tickets only they can take.
 * An unknown cursor (the agent left the team) starts from the first member.
 */
export function chooseAssignee(
  team: AssignableTeam,
  load: AgentLoad,
  requiredSkills: readonly string[] = [],
  cursor?: AssignmentCursor,
): AssigneeChoice {
  const candidates = inTurn(team.agents, cursor).filter((agent) => isEligible(agent, load, requiredSkills));
  if (candidates.length === 0) return QUEUED;
  const agent = pick(team.strategy, candidates, load, requiredSkills);
  return { agentId: agent.id, strategy: team.strategy, nextCursor: agent.id };
}

/** Whether an agent may take one more ticket needing `requiredSkills`. */
export function isEligible(agent: TeamAgent, load: AgentLoad, requiredSkills: readonly string[]): boolean {
  return agent.available && loadOf(agent, load) < agent.capacity && requiredSkills.every((skill) => agent.skills.includes(skill));
}

function pick(strategy: TeamStrategy, candidates: readonly TeamAgent[], load: AgentLoad, requiredSkills: readonly string[]): TeamAgent {
  switch (strategy) {
    case 'round_robin':
      return candidates[0];
    case 'least_loaded':
      return firstMinimum(candidates, (agent) => [loadOf(agent, load)]);
    case 'skills':
      return firstMinimum(candidates, (agent) => [loadOf(agent, load), extraSkills(agent, requiredSkills)]);
  }
}

/** The first candidate with the smallest key (compared element by element); earlier candidates win ties. */
function firstMinimum(candidates: readonly TeamAgent[], key: (agent: TeamAgent) => number[]): TeamAgent {
  let best = candidates[0];
  let bestKey = key(best);
  for (const agent of candidates.slice(1)) {
    const agentKey = key(agent);
    if (compareKeys(agentKey, bestKey) < 0) [best, bestKey] = [agent, agentKey];
  }
  return best;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** Members in the order they get their turn: those after the cursor, then from the first one round to it. */
function inTurn(agents: readonly TeamAgent[], cursor: AssignmentCursor | undefined): readonly TeamAgent[] {
  const at = cursor === undefined ? -1 : agents.findIndex((agent) => agent.id === cursor);
  return [...agents.slice(at + 1), ...agents.slice(0, at + 1)];
}

function loadOf(agent: TeamAgent, load: AgentLoad): number {
  return load.get(agent.id) ?? 0;
}

function extraSkills(agent: TeamAgent, requiredSkills: readonly string[]): number {
  return agent.skills.filter((skill) => !requiredSkills.includes(skill)).length;
}
