import type { Agent, TeamsDocument, TeamStrategy } from './teams.document';

/** What a strategy needs to know about an agent. */
export type TeamAgent = Pick<Agent, 'id' | 'skills' | 'capacity' | 'available'>;

/** A team with its members resolved, in member order (the round-robin order). */
export interface AssignableTeam {
  id: string;
  strategy: TeamStrategy;
  agents: readonly TeamAgent[];
}

/**
 * Every team of a (validated) teams document with its members resolved, by team id. Build it once per
 * document version; members missing from `agents` are left out (a validated document has none).
 */
export function assignableTeams(document: TeamsDocument): ReadonlyMap<string, AssignableTeam> {
  const agents = new Map(document.agents.map((agent) => [agent.id, agent] as const));
  return new Map(
    document.teams.map((team) => {
      const members = team.members.flatMap((id) => {
        const agent = agents.get(id);
        return agent ? [agent] : [];
      });
      return [team.id, { id: team.id, strategy: team.strategy, agents: members }] as const;
    }),
  );
}
