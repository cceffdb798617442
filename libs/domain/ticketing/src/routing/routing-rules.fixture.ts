import type { RoutingInput } from './routing-input';
import type { RoutingRulesDocument } from './routing-rules.document';

/** A realistic rule set for the specs: VIP first, then classification by keywords, then by channel. */
export const rulesFixture = (): RoutingRulesDocument => ({
  version: 3,
  rules: [
    { id: 'vip-complaints', when: { tier: ['vip'], category: ['complaint'] }, then: { teamId: 'vip', priority: 'high' } },
    {
      id: 'refunds',
      name: 'Refund requests',
      when: { keywords: { any: ['refund', 'money back'] } },
      then: { category: 'refund', teamId: 'billing', requiredSkills: ['payments'] },
    },
    { id: 'complaints', when: { category: ['complaint'] }, then: { teamId: 'complaints' } },
    { id: 'german-phone', when: { channel: ['phone'], language: ['de'] }, then: { teamId: 'dach', requiredSkills: ['german'] } },
    { id: 'urgent', when: { priority: ['urgent'] }, then: { requiredSkills: ['senior'] } },
  ],
  default: { teamId: 'support', category: 'general', requiredSkills: ['first-line'] },
});

export const inputFixture = (overrides: Partial<RoutingInput> = {}): RoutingInput => ({
  priority: 'normal',
  channel: 'email',
  subject: 'Question',
  body: 'Hello, I have a question about my order.',
  ...overrides,
});
