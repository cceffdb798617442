import { customerIdFor } from '@csp/contracts';
import { normaliseIdentifiers } from './normalise-identifiers';

describe('normaliseIdentifiers', () => {
  it('maps the spellings of one person to one customer id', () => {
    const a = normaliseIdentifiers({ customer: { email: '  Ada.Lovelace@Example.COM ' } });
    const b = normaliseIdentifiers({ customer: { email: 'ada.lovelace@example.com' } });
    expect(a).toEqual({ data: { customer: { email: 'ada.lovelace@example.com' } }, errors: [] });
    expect(customerIdFor(a.data['customer'] as object)).toBe(customerIdFor(b.data['customer'] as object));
  });

  it('writes phones in E.164 and canonicalises social handles, without touching other fields', () => {
    const data = { customer: { phone: '+49 (30) 1234-5678', social: { platform: 'X ', handle: '@AdaL' } }, platform: 'X', handle: '@Brand', body: 'Hi @You' };
    expect(normaliseIdentifiers(data)).toEqual({
      data: { customer: { phone: '+493012345678', social: { platform: 'x', handle: 'adal' } }, platform: 'x', handle: 'brand', body: 'Hi @You' },
      errors: [],
    });
    expect(data.customer.phone).toBe('+49 (30) 1234-5678'); // the input is not mutated
    expect(normaliseIdentifiers({ customer: { phone: '0044 20 7946 0958' } }).data).toEqual({ customer: { phone: '+442079460958' } });
  });

  it.each(['12345', '+1 555', 'call me', '0151 2345678', '+99 123 456 789'])('reports %p as an invalid phone at its JSON Pointer', (phone) => {
    expect(normaliseIdentifiers({ customer: { phone } }).errors).toEqual([{ path: '/data/customer/phone', message: expect.stringContaining('phone') }]);
  });
});
