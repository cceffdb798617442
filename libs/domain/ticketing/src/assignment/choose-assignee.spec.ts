import fc from 'fast-check';
import type { AssignableTeam, TeamAgent } from './assignable-team';
import { chooseAssignee, isEligible, type AgentLoad } from './choose-assignee';
import { TEAM_STRATEGIES, type TeamStrategy } from './teams.document';

const agent = (id: string, overrides: Partial<TeamAgent> = {}): TeamAgent => ({ id, skills: [], capacity: 5, available: true, ...overrides });
const team = (strategy: TeamStrategy, agents: TeamAgent[]): AssignableTeam => ({ id: 't', strategy, agents });
const loads = (entries: Record<string, number>): AgentLoad => new Map(Object.entries(entries));
const chosen = (choice: ReturnType<typeof chooseAssignee>) => ('agentId' in choice ? choice.agentId : 'queued');

describe('chooseAssignee: every strategy', () => {
  it.each(TEAM_STRATEGIES)('%s skips unavailable agents and agents at capacity', (strategy) => {
    const members = [agent('ann', { available: false }), agent('bob', { capacity: 2 }), agent('cy', { capacity: 3 })];
    expect(chosen(chooseAssignee(team(strategy, members), loads({ bob: 2, cy: 2 })))).toBe('cy');
  });

  it.each(TEAM_STRATEGIES)('%s queues the ticket when nobody has capacity', (strategy) => {
    const members = [agent('ann', { available: false }), agent('bob', { capacity: 1 }), agent('cy', { capacity: 0 })];
    expect(chooseAssignee(team(strategy, members), loads({ bob: 1 }))).toEqual({ queued: true, reason: 'no_agent_available' });
    expect(chooseAssignee(team(strategy, []), loads({}))).toEqual({ queued: true, reason: 'no_agent_available' });
  });

  it.each(TEAM_STRATEGIES)('%s only considers agents with every required skill', (strategy) => {
    const members = [agent('ann', { skills: ['german'] }), agent('bob', { skills: ['german', 'payments'] }), agent('cy', { skills: ['payments'] })];
    expect(chosen(chooseAssignee(team(strategy, members), loads({}), ['german', 'payments']))).toBe('bob');
    expect(chosen(chooseAssignee(team(strategy, members), loads({}), ['french']))).toBe('queued');
  });

  it('returns the strategy and the chosen agent as the next cursor', () => {
    expect(chooseAssignee(team('least_loaded', [agent('ann')]), loads({}))).toEqual({ agentId: 'ann', strategy: 'least_loaded', nextCursor: 'ann' });
  });
});

describe('chooseAssignee: round_robin', () => {
  const members = [agent('ann'), agent('bob'), agent('cy')];

  it('takes the next eligible agent after the cursor, wrapping round', () => {
    expect(chosen(chooseAssignee(team('round_robin', members), loads({})))).toBe('ann');
    expect(chosen(chooseAssignee(team('round_robin', members), loads({}), [], 'ann'))).toBe('bob');
    expect(chosen(chooseAssignee(team('round_robin', members), loads({}), [], 'cy'))).toBe('ann');
    expect(chosen(chooseAssignee(team('round_robin', members), loads({ cy: 5 }), [], 'bob'))).toBe('ann');
  });

  it('ignores load below capacity', () => {
    expect(chosen(chooseAssignee(team('round_robin', members), loads({ bob: 4 }), [], 'ann'))).toBe('bob');
  });

  it('starts from the first member when the cursor agent left the team', () => {
    expect(chosen(chooseAssignee(team('round_robin', members), loads({}), [], 'gone'))).toBe('ann');
  });
});

describe('chooseAssignee: least_loaded', () => {
  const members = [agent('ann'), agent('bob'), agent('cy')];

  it('takes the agent with the fewest open tickets', () => {
    expect(chosen(chooseAssignee(team('least_loaded', members), loads({ ann: 3, bob: 1, cy: 2 })))).toBe('bob');
  });

  it('breaks ties by turn after the cursor, so agents idle at 0 take turns', () => {
    expect(chosen(chooseAssignee(team('least_loaded', members), loads({ ann: 1 })))).toBe('bob');
    expect(chosen(chooseAssignee(team('least_loaded', members), loads({}), [], 'ann'))).toBe('bob');
    expect(chosen(chooseAssignee(team('least_loaded', members), loads({}), [], 'bob'))).toBe('cy');
  });
});

describe('chooseAssignee: skills', () => {
  it('takes the least loaded agent having the skills', () => {
    const members = [agent('ann', { skills: ['german'] }), agent('bob', { skills: ['german'] }), agent('cy')];
    expect(chosen(chooseAssignee(team('skills', members), loads({ ann: 2, bob: 1 }), ['german']))).toBe('bob');
  });

  it('on equal load prefers the agent with fewer other skills, keeping generalists free', () => {
    const members = [agent('ann', { skills: ['german', 'french', 'payments'] }), agent('bob', { skills: ['german'] })];
    expect(chosen(chooseAssignee(team('skills', members), loads({}), ['german']))).toBe('bob');
  });

  it('keeps preferring the specialist while tickets close as fast as they come', () => {
    const members = [agent('ann', { skills: ['german', 'french'] }), agent('bob', { skills: ['german'] })];
    expect(chosen(chooseAssignee(team('skills', members), loads({}), ['german'], 'bob'))).toBe('bob');
  });

  it('breaks remaining ties by turn after the cursor', () => {
    const members = [agent('ann', { skills: ['german'] }), agent('bob', { skills: ['german'] })];
    expect(chosen(chooseAssignee(team('skills', members), loads({}), ['german']))).toBe('ann');
  });
});

describe('chooseAssignee: properties', () => {
  const roster = fc.array(
    fc.record({ available: fc.boolean(), skills: fc.subarray(['german', 'payments']), capacity: fc.integer({ min: 0, max: 4 }) }),
    { minLength: 1, maxLength: 8 },
  );
  const toAgents = (specs: Omit<TeamAgent, 'id'>[]) => specs.map((spec, i) => agent(`a${i}`, spec));

  it('shares tickets evenly among eligible agents when capacity allows (counts differ by at most 1)', () => {
    fc.assert(
      fc.property(roster, fc.subarray(['german', 'payments']), fc.constantFrom(...TEAM_STRATEGIES), fc.integer({ min: 1, max: 60 }), fc.boolean(),
        (specs, required, strategy, tickets, closeAtOnce) => {
          // With every load at 0 all the time, `skills` gives everything to the narrowest specialist, by design.
          fc.pre(!(strategy === 'skills' && closeAtOnce));
          const members = toAgents(specs.map((spec) => ({ ...spec, capacity: 1000 })));
          const counts = new Map<string, number>();
          const load = new Map<string, number>();
          let cursor: string | undefined;
          for (let n = 0; n < tickets; n++) {
            const choice = chooseAssignee(team(strategy, members), load, required, cursor);
            if ('queued' in choice) continue;
            counts.set(choice.agentId, (counts.get(choice.agentId) ?? 0) + 1);
            // Tickets closed at once keep every load at 0: the hardest case for least-loaded fairness.
            if (!closeAtOnce) load.set(choice.agentId, (load.get(choice.agentId) ?? 0) + 1);
            cursor = choice.nextCursor;
          }
          const eligible = members.filter((m) => isEligible(m, new Map(), required));
          const perAgent = eligible.map((m) => counts.get(m.id) ?? 0);
          const assigned = [...counts.values()].reduce((a, b) => a + b, 0);
          expect(assigned).toBe(eligible.length === 0 ? 0 : tickets);
          if (perAgent.length > 0) expect(Math.max(...perAgent) - Math.min(...perAgent)).toBeLessThanOrEqual(1);
        }),
    );
  });

  it('never assigns beyond capacity and queues only when no agent is eligible', () => {
    fc.assert(
      fc.property(roster, fc.constantFrom(...TEAM_STRATEGIES), fc.subarray(['german', 'payments']), (specs, strategy, required) => {
        const members = toAgents(specs);
        const load = new Map<string, number>();
        let cursor: string | undefined;
        for (let n = 0; n < 50; n++) {
          const choice = chooseAssignee(team(strategy, members), load, required, cursor);
          const anyEligible = members.some((m) => isEligible(m, load, required));
          if ('queued' in choice) {
            expect(anyEligible).toBe(false);
            break;
          }
          const picked = members.find((m) => m.id === choice.agentId);
          expect(picked && isEligible(picked, load, required)).toBe(true);
          load.set(choice.agentId, (load.get(choice.agentId) ?? 0) + 1);
          cursor = choice.nextCursor;
        }
        for (const m of members) expect(load.get(m.id) ?? 0).toBeLessThanOrEqual(m.capacity);
      }),
    );
  });
});
