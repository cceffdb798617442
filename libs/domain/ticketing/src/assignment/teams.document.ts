import { Obj, Str, StringEnum, type ASSIGNMENT_STRATEGIES } from '@csp/contracts';
import { Type, type Static } from '@sinclair/typebox';

/**
 * The teams document (`/v1/config/teams`): agents, with their skills, capacity and availability, and the teams
 * they work in. Agents are listed once and teams name their members, because one agent may work in several
 * teams while their capacity (open tickets at once) and availability are the agent's, not the team's.
 */

/** How a team picks the assignee of a new or queued ticket (the automatic subset of ASSIGNMENT_STRATEGIES). */
export const TEAM_STRATEGIES = ['round_robin', 'least_loaded', 'skills'] as const satisfies readonly (typeof ASSIGNMENT_STRATEGIES)[number][];
export type TeamStrategy = (typeof TEAM_STRATEGIES)[number];

const Skills = () =>
  Type.Array(Str(50), { maxItems: 100, uniqueItems: true, description: 'compared exactly, e.g. `german`, `billing`' });

export const AgentSchema = Obj({
  id: Str(100, { description: 'the agent (user) id, as in cs.ticket.assigned.v1 `agentId`' }),
  name: Type.Optional(Str(200)),
  skills: Skills(),
  capacity: Type.Integer({
    minimum: 0,
    maximum: 1000,
    description: 'most open tickets assigned at once, over all teams; 0 = takes no new tickets',
  }),
  available: Type.Boolean({ description: 'false = on leave or off shift: never chosen by a strategy' }),
});
export type Agent = Static<typeof AgentSchema>;

export const TeamSchema = Obj({
  id: Str(100),
  name: Str(200),
  strategy: StringEnum(TEAM_STRATEGIES),
  leadId: Type.Optional(Str(100, { description: 'the team lead (user id), warned before SLA breaches; need not be an agent' })),
  members: Type.Array(Str(100), {
    maxItems: 1000,
    uniqueItems: true,
    description: 'agent ids; their order is the round-robin order and breaks ties deterministically',
  }),
});
export type Team = Static<typeof TeamSchema>;

export const TeamsDocumentSchema = Obj({
  version: Type.Optional(
    Type.Integer({ minimum: 1, description: 'the version this document was edited from, as GET returned it; the app may check it like If-Match' }),
  ),
  agents: Type.Array(AgentSchema, { maxItems: 5000 }),
  teams: Type.Array(TeamSchema, { maxItems: 500 }),
});
export type TeamsDocument = Static<typeof TeamsDocumentSchema>;
