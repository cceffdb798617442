import { routeTicket } from './route-ticket';
import type { RoutingRulesDocument } from './routing-rules.document';
import { inputFixture, rulesFixture } from './routing-rules.fixture';

const only = (when: RoutingRulesDocument['rules'][number]['when']): RoutingRulesDocument => ({
  rules: [{ id: 'r', when, then: { teamId: 'matched' } }],
  default: { teamId: 'support', category: 'general' },
});
const matches = (when: Parameters<typeof only>[0], input = inputFixture()) => routeTicket(only(when), input).teamId === 'matched';

describe('routeTicket: conditions', () => {
  it('matches a category from a list of any of its values', () => {
    expect(matches({ category: ['billing', 'refund'] }, inputFixture({ category: 'refund' }))).toBe(true);
    expect(matches({ category: ['billing', 'refund'] }, inputFixture({ category: 'sales' }))).toBe(false);
    expect(matches({ category: ['billing'] }, inputFixture())).toBe(false);
  });

  it('matches priority, channel and tier', () => {
    expect(matches({ priority: ['high', 'urgent'] }, inputFixture({ priority: 'urgent' }))).toBe(true);
    expect(matches({ priority: ['high', 'urgent'] }, inputFixture({ priority: 'low' }))).toBe(false);
    expect(matches({ channel: ['chat'] }, inputFixture({ channel: 'chat' }))).toBe(true);
    expect(matches({ channel: ['chat'] }, inputFixture({ channel: 'email' }))).toBe(false);
    expect(matches({ tier: ['gold', 'vip'] }, inputFixture({ tier: 'gold' }))).toBe(true);
    expect(matches({ tier: ['gold', 'vip'] }, inputFixture({ tier: 'standard' }))).toBe(false);
  });

  it('does not match a tier condition while the tier is unknown', () => {
    expect(matches({ tier: ['standard', 'gold', 'vip'] }, inputFixture())).toBe(false);
  });

  it('matches a language and its regional variants, case-insensitively', () => {
    expect(matches({ language: ['de'] }, inputFixture({ language: 'de-CH' }))).toBe(true);
    expect(matches({ language: ['de-CH'] }, inputFixture({ language: 'de-ch' }))).toBe(true);
    expect(matches({ language: ['de-CH'] }, inputFixture({ language: 'de' }))).toBe(false);
    expect(matches({ language: ['de'] }, inputFixture({ language: 'dev' }))).toBe(false);
    expect(matches({ language: ['de'] }, inputFixture())).toBe(false);
  });

  it('matches keywords in subject or body, case-insensitively and as whole words', () => {
    expect(matches({ keywords: { any: ['invoice'] } }, inputFixture({ subject: 'INVOICE missing' }))).toBe(true);
    expect(matches({ keywords: { any: ['invoice'] } }, inputFixture({ body: 'see invoices' }))).toBe(false);
    expect(matches({ keywords: { all: ['invoice', 'wrong'] } }, inputFixture({ body: 'The invoice is wrong.' }))).toBe(true);
  });

  it('needs every given condition to hold', () => {
    const when = { channel: ['phone' as const], language: ['de'] };
    expect(matches(when, inputFixture({ channel: 'phone', language: 'de' }))).toBe(true);
    expect(matches(when, inputFixture({ channel: 'phone', language: 'fr' }))).toBe(false);
    expect(matches(when, inputFixture({ channel: 'email', language: 'de' }))).toBe(false);
  });

  it('matches every ticket with no conditions', () => {
    expect(matches({}, inputFixture())).toBe(true);
  });
});

describe('routeTicket: outcome', () => {
  it('lets the first matching rule win', () => {
    const route = routeTicket(rulesFixture(), inputFixture({ category: 'complaint', body: 'I want a refund' }));
    expect(route).toEqual({ teamId: 'billing', priority: 'normal', category: 'refund', requiredSkills: ['payments'], ruleId: 'refunds' });
  });

  it('classifies a ticket without category by keywords', () => {
    const route = routeTicket(rulesFixture(), inputFixture({ subject: 'Money back?', body: 'Please.' }));
    expect(route).toMatchObject({ category: 'refund', teamId: 'billing', ruleId: 'refunds' });
  });

  it('takes the default route when no rule matches, keeping the ticket category and priority', () => {
    expect(routeTicket(rulesFixture(), inputFixture({ priority: 'high' }))).toEqual({
      teamId: 'support', priority: 'high', category: 'general', requiredSkills: ['first-line'],
    });
    expect(routeTicket(rulesFixture(), inputFixture({ category: 'sales' })).category).toBe('sales');
  });

  it("applies the default route's priority when it has one", () => {
    const rules = { ...rulesFixture(), default: { teamId: 'support', category: 'general', priority: 'low' as const } };
    expect(routeTicket(rules, inputFixture({ priority: 'high' })).priority).toBe('low');
  });

  it('fills in what a matching rule leaves out: default team with its skills, ticket priority and category', () => {
    expect(routeTicket(rulesFixture(), inputFixture({ priority: 'urgent', category: 'sales' }))).toEqual({
      teamId: 'support', priority: 'urgent', category: 'sales', requiredSkills: ['senior'], ruleId: 'urgent',
    });
    const rules: RoutingRulesDocument = { ...rulesFixture(), rules: [{ id: 'vip', when: { tier: ['vip'] }, then: { priority: 'high' } }] };
    expect(routeTicket(rules, inputFixture({ tier: 'vip' }))).toEqual({
      teamId: 'support', priority: 'high', category: 'general', requiredSkills: ['first-line'], ruleId: 'vip',
    });
  });

  it("does not give a rule's own team the default team's skills", () => {
    const route = routeTicket(rulesFixture(), inputFixture({ category: 'complaint' }));
    expect(route).toEqual({ teamId: 'complaints', priority: 'normal', category: 'complaint', requiredSkills: [], ruleId: 'complaints' });
  });

  it('returns skills the caller may change without touching the document', () => {
    const rules = rulesFixture();
    routeTicket(rules, inputFixture()).requiredSkills.push('x');
    expect(rules.default.requiredSkills).toEqual(['first-line']);
  });
});
