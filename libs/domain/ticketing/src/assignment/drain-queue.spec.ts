import type { AssignableTeam, TeamAgent } from './assignable-team';
import { assignableTeams } from './assignable-team';
import { drainQueue, type QueuedTicket } from './drain-queue';

const agent = (id: string, overrides: Partial<TeamAgent> = {}): TeamAgent => ({ id, skills: [], capacity: 2, available: true, ...overrides });
const ticket = (ticketId: string, requiredSkills: string[] = []): QueuedTicket => ({ ticketId, requiredSkills });

describe('drainQueue', () => {
  const support: AssignableTeam = { id: 'support', strategy: 'round_robin', agents: [agent('ann'), agent('bob', { skills: ['german'] })] };

  it('assigns the oldest tickets first while capacity lasts, keeping the rest in order', () => {
    const queue = ['t1', 't2', 't3', 't4', 't5'].map((id) => ticket(id));
    const drained = drainQueue(support, queue, new Map([['ann', 1]]));
    expect(drained.assignments).toEqual([
      { ticketId: 't1', agentId: 'ann', strategy: 'round_robin' },
      { ticketId: 't2', agentId: 'bob', strategy: 'round_robin' },
      { ticketId: 't3', agentId: 'bob', strategy: 'round_robin' },
    ]);
    expect(drained.remaining.map((t) => t.ticketId)).toEqual(['t4', 't5']);
    expect(drained.load).toEqual(new Map([['ann', 2], ['bob', 2]]));
    expect(drained.cursor).toBe('bob');
  });

  it('keeps a ticket nobody free can take queued and still assigns the ones behind it', () => {
    const drained = drainQueue(support, [ticket('t1', ['french']), ticket('t2', ['german']), ticket('t3')], new Map(), 'bob');
    expect(drained.assignments.map((a) => [a.ticketId, a.agentId])).toEqual([['t2', 'bob'], ['t3', 'ann']]);
    expect(drained.remaining).toEqual([ticket('t1', ['french'])]);
  });

  it('continues the round-robin turn from the given cursor', () => {
    const drained = drainQueue(support, [ticket('t1'), ticket('t2')], new Map(), 'ann');
    expect(drained.assignments.map((a) => a.agentId)).toEqual(['bob', 'ann']);
  });

  it('assigns nothing when nobody is available, and leaves the given load untouched', () => {
    const away: AssignableTeam = { ...support, agents: support.agents.map((a) => ({ ...a, available: false })) };
    const load = new Map([['ann', 1]]);
    const drained = drainQueue(away, [ticket('t1'), ticket('t2')], load, 'ann');
    expect(drained).toEqual({ assignments: [], remaining: [ticket('t1'), ticket('t2')], load, cursor: 'ann' });
    expect(drainQueue(support, [ticket('t1')], load).load).not.toBe(load);
    expect(load).toEqual(new Map([['ann', 1]]));
  });

  it('works on teams resolved from the teams document, one agent in two teams sharing one capacity', () => {
    const teams = assignableTeams({
      agents: [{ id: 'ann', skills: [], capacity: 1, available: true }],
      teams: [
        { id: 'a', name: 'A', strategy: 'least_loaded', members: ['ann'] },
        { id: 'b', name: 'B', strategy: 'least_loaded', members: ['ann'] },
      ],
    });
    const [a, b] = [teams.get('a'), teams.get('b')];
    if (!a || !b) throw new Error('teams a and b should resolve');
    const first = drainQueue(a, [ticket('t1')], new Map());
    const second = drainQueue(b, [ticket('t2')], first.load);
    expect(first.assignments).toHaveLength(1);
    expect(second.assignments).toEqual([]);
  });
});
