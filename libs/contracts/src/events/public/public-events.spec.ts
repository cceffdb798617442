import { EventCatalogue } from '../../catalogue/event-catalogue';
import { ALL_EVENTS } from '../all-events';
import { EVENT_EXAMPLES } from '../event-examples';

/** Hand-picked rules of api.md, spelled out (the generated checks in event-examples.spec.ts cover the rest). */
const catalogue = new EventCatalogue(ALL_EVENTS);

function errorPaths(type: string, patch: (data: Record<string, unknown>) => void): string[] {
  const data = structuredClone(EVENT_EXAMPLES[type]) as Record<string, unknown>;
  patch(data);
  const result = catalogue.validate(type, data);
  return result.ok ? [] : [...new Set(result.errors.map((e) => e.path))];
}

describe('public events', () => {
  it.each([
    ['score above 10', 'cs.survey.answered.v1', (d: Record<string, unknown>) => (d.score = 11), '/data/score'],
    ['fractional score', 'cs.survey.answered.v1', (d: Record<string, unknown>) => (d.score = 4.5), '/data/score'],
    ['unknown survey kind', 'cs.survey.answered.v1', (d: Record<string, unknown>) => (d.kind = 'stars'), '/data/kind'],
    ['sentiment above 1', 'cs.social.mentioned.v1', (d: Record<string, unknown>) => (d.sentiment = 1.2), '/data/sentiment'],
    ['sentiment below -1', 'cs.social.mentioned.v1', (d: Record<string, unknown>) => (d.sentiment = -1.01), '/data/sentiment'],
    ['negative amount', 'cs.order.placed.v1', (d: Record<string, unknown>) => (d.amount = -0.01), '/data/amount'],
    ['lower-case currency', 'cs.order.refunded.v1', (d: Record<string, unknown>) => (d.currency = 'eur'), '/data/currency'],
    ['4-letter currency', 'cs.cart.abandoned.v1', (d: Record<string, unknown>) => (d.currency = 'EURO'), '/data/currency'],
    ['quantity 0', 'cs.order.placed.v1', (d: Record<string, unknown>) => ((d.items as Array<Record<string, unknown>>)[0].quantity = 0), '/data/items/0/quantity'],
    ['impossible birthday', 'cs.customer.identified.v1', (d: Record<string, unknown>) => ((d.traits as Record<string, unknown>).birthday = '1988-02-30'), '/data/traits/birthday'],
    ['birthday with a time', 'cs.customer.identified.v1', (d: Record<string, unknown>) => ((d.traits as Record<string, unknown>).birthday = '1988-06-21T00:00:00Z'), '/data/traits/birthday'],
    ['unknown tier', 'cs.customer.identified.v1', (d: Record<string, unknown>) => ((d.traits as Record<string, unknown>).tier = 'platinum'), '/data/traits/tier'],
    ['unknown channel', 'cs.message.received.v1', (d: Record<string, unknown>) => (d.channel = 'fax'), '/data/channel'],
    ['customer without identifier', 'cs.message.received.v1', (d: Record<string, unknown>) => (d.customer = { name: 'Jane' }), '/data/customer'],
    ['empty customer', 'cs.order.placed.v1', (d: Record<string, unknown>) => (d.customer = {}), '/data/customer'],
    ['bad email beside a name', 'cs.order.placed.v1', (d: Record<string, unknown>) => (d.customer = { name: 'J', email: 'jane@' }), '/data/customer/email'],
    ['phone not E.164', 'cs.call.completed.v1', (d: Record<string, unknown>) => (d.customer = { phone: '0151 2345678' }), '/data/customer/phone'],
    ['unknown customer field', 'cs.page.viewed.v1', (d: Record<string, unknown>) => ((d.customer as Record<string, unknown>).crmId = 'x'), '/data/customer/crmId'],
    ['unknown top-level field', 'cs.product.viewed.v1', (d: Record<string, unknown>) => (d.sku = 'x'), '/data/sku'],
    ['resolvedOnCall as string', 'cs.call.completed.v1', (d: Record<string, unknown>) => (d.resolvedOnCall = 'false'), '/data/resolvedOnCall'],
    ['unknown marketing action', 'cs.marketing.engaged.v1', (d: Record<string, unknown>) => (d.action = 'liked'), '/data/action'],
  ])('rejects %s (%s) at %s', (_label, type, patch, path) => {
    expect(errorPaths(type, patch)).toEqual([path]);
  });

  it('accepts the smallest valid events of api.md (optional fields absent)', () => {
    const minimal: Array<[string, unknown]> = [
      ['cs.customer.identified.v1', { customer: { anonymousId: 'anon-1' } }],
      ['cs.message.received.v1', { channel: 'chat', customer: { social: { platform: 'x', handle: '@j' } }, body: 'hi' }],
      ['cs.survey.answered.v1', { customer: { externalId: 'crm-1' }, kind: 'nps', score: 0 }],
      ['cs.order.placed.v1', { customer: { email: 'a@b.co' }, orderId: 'o-1', amount: 0, currency: 'USD' }],
      ['cs.social.mentioned.v1', { platform: 'x', handle: '@j', text: 'hello', sentiment: -1 }],
    ];
    expect(minimal.map(([type, data]) => [type, catalogue.validate(type, data).ok])).toEqual(minimal.map(([t]) => [t, true]));
  });
});
