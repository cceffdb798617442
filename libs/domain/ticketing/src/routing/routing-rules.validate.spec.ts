import type { TeamsDocument } from '../assignment/teams.document';
import { rulesFixture } from './routing-rules.fixture';
import { validateRoutingRules } from './routing-rules.validate';

const teams: TeamsDocument = {
  agents: [
    { id: 'ann', skills: ['payments', 'german'], capacity: 5, available: true },
    { id: 'bob', skills: ['first-line', 'senior'], capacity: 5, available: true },
  ],
  teams: [
    { id: 'vip', name: 'VIP', strategy: 'least_loaded', members: ['ann'] },
    { id: 'billing', name: 'Billing', strategy: 'skills', members: ['ann'] },
    { id: 'complaints', name: 'Complaints', strategy: 'round_robin', members: ['bob'] },
    { id: 'dach', name: 'DACH', strategy: 'round_robin', members: ['ann'] },
    { id: 'support', name: 'Support', strategy: 'round_robin', members: ['bob'] },
  ],
};

const errorsOf = (value: unknown, withTeams?: TeamsDocument) => {
  const result = validateRoutingRules(value, withTeams);
  return result.ok ? [] : result.errors;
};

describe('validateRoutingRules', () => {
  it('accepts a valid document and returns it typed', () => {
    expect(validateRoutingRules(rulesFixture(), teams)).toEqual({ ok: true, document: rulesFixture() });
  });

  it('reports schema problems with their paths', () => {
    const document = {
      rules: [
        { id: 'a', when: { tier: ['platinum'], priority: [] }, then: { teamId: 'x', colour: 'red' } },
        { id: '', when: { keywords: { any: ['x', 'x'] } }, then: { priority: 'high' } },
      ],
      default: { category: 'general' },
    };
    expect(errorsOf(document)).toEqual(
      expect.arrayContaining([
        { path: '/rules/0/when/priority', message: 'must NOT have fewer than 1 items' },
        { path: '/rules/0/when/tier/0', message: 'must be one of: standard, gold, vip' },
        { path: '/rules/0/then/colour', message: 'is not allowed' },
        { path: '/rules/1/id', message: 'must NOT have fewer than 1 characters' },
        { path: '/rules/1/when/keywords/any/1', message: 'duplicates item 0' },
        { path: '/default/teamId', message: 'is required' },
      ]),
    );
  });

  it('reports a document that is not an object at the root', () => {
    expect(errorsOf([])).toEqual([{ path: '', message: 'must be object' }]);
  });

  it('refuses duplicate rule ids, naming the first one', () => {
    const document = rulesFixture();
    document.rules[3].id = 'refunds';
    expect(errorsOf(document)).toEqual([{ path: '/rules/3/id', message: "duplicates the rule id 'refunds' of /rules/1" }]);
  });

  it('refuses rules that set nothing and keywords that cannot match', () => {
    const document = rulesFixture();
    document.rules[0].then = {};
    document.rules[1].when = { keywords: { any: ['refund', '?!'] } };
    document.rules[2].when = { keywords: {} };
    expect(errorsOf(document)).toEqual([
      { path: '/rules/0/then', message: 'must set at least one of teamId, priority, category, requiredSkills' },
      { path: '/rules/1/when/keywords/any/1', message: 'must contain a letter or digit to match as a whole word' },
      { path: '/rules/2/when/keywords', message: 'must list keywords in any or all' },
    ]);
  });

  it('refuses rules hidden behind a rule without conditions', () => {
    const document = rulesFixture();
    document.rules[2].when = {};
    expect(errorsOf(document)).toEqual([
      { path: '/rules/3', message: 'is never reached: /rules/2 has no conditions and matches every ticket' },
      { path: '/rules/4', message: 'is never reached: /rules/2 has no conditions and matches every ticket' },
    ]);
  });

  it('checks teams and their skills only when given the teams document', () => {
    const document = rulesFixture();
    document.rules[2].then.teamId = 'legal';
    document.default.teamId = 'helpdesk';
    document.rules[3].then.requiredSkills = ['german', 'french'];
    expect(errorsOf(document)).toEqual([]);
    expect(errorsOf(document, teams)).toEqual([
      { path: '/default/teamId', message: "team 'helpdesk' is not in the teams document" },
      { path: '/rules/2/then/teamId', message: "team 'legal' is not in the teams document" },
      { path: '/rules/3/then/requiredSkills/1', message: "no member of team 'dach' has skill 'french'" },
    ]);
  });

  it("checks the skills of a rule without team against the default team", () => {
    const document = rulesFixture();
    document.rules[4].then.requiredSkills = ['payments'];
    expect(errorsOf(document, teams)).toEqual([
      { path: '/rules/4/then/requiredSkills/0', message: "no member of team 'support' has skill 'payments'" },
    ]);
  });
});
