import type { TeamsDocument } from './teams.document';
import { validateTeams } from './teams.validate';

const document = (): TeamsDocument => ({
  version: 2,
  agents: [
    { id: 'ann', name: 'Ann', skills: ['german'], capacity: 5, available: true },
    { id: 'bob', skills: [], capacity: 0, available: false },
  ],
  teams: [
    { id: 'support', name: 'Support', strategy: 'round_robin', leadId: 'lea', members: ['ann', 'bob'] },
    { id: 'dach', name: 'DACH', strategy: 'skills', members: ['ann'] },
  ],
});

const errorsOf = (value: unknown) => {
  const result = validateTeams(value);
  return result.ok ? [] : result.errors;
};

describe('validateTeams', () => {
  it('accepts a valid document, an agent in several teams included', () => {
    expect(validateTeams(document())).toEqual({ ok: true, document: document() });
  });

  it('reports schema problems with their paths', () => {
    const value = {
      agents: [{ id: 'ann', skills: ['german', 'german'], capacity: -1, available: 'yes' }, { id: 'bob', skills: [], capacity: 1.5 }],
      teams: [{ id: 'support', name: 'Support', strategy: 'random', members: ['ann', 'ann'] }],
    };
    expect(errorsOf(value)).toEqual(
      expect.arrayContaining([
        { path: '/agents/0/skills/1', message: 'duplicates item 0' },
        { path: '/agents/0/capacity', message: 'must be >= 0' },
        { path: '/agents/0/available', message: 'must be boolean' },
        { path: '/agents/1/capacity', message: 'must be integer' },
        { path: '/agents/1/available', message: 'is required' },
        { path: '/teams/0/strategy', message: 'must be one of: round_robin, least_loaded, skills' },
        { path: '/teams/0/members/1', message: 'duplicates item 0' },
      ]),
    );
  });

  it('refuses duplicate agent and team ids, naming the first one', () => {
    const value = document();
    value.agents.push({ id: 'ann', skills: [], capacity: 1, available: true });
    value.teams.push({ id: 'support', name: 'Again', strategy: 'least_loaded', members: [] });
    expect(errorsOf(value)).toEqual([
      { path: '/agents/2/id', message: "duplicates the agent id 'ann' of /agents/0/id" },
      { path: '/teams/2/id', message: "duplicates the team id 'support' of /teams/0/id" },
    ]);
  });

  it('refuses members that are not agents', () => {
    const value = document();
    value.teams[1].members.push('carl');
    expect(errorsOf(value)).toEqual([{ path: '/teams/1/members/1', message: "agent 'carl' is not in /agents" }]);
  });
});
