import { customerIdFor } from '@csp/contracts';
import { normaliseIdentifiers } from './normalise-identifiers';

describe('normaliseIdentifiers', () => {
  it('maps the spellings of one person to one customer id', () => {
    const a = normaliseIdentifiers({ customer: { email: '  Ada.Lovelace@Example.COM ' } });
    const b = normaliseIdentifiers({ customer: { email: 'ada.lovelace@example.com' } });
    expect(a).toEqual({ customer: { email: 'ada.lovelace@example.com' } });
    expect(customerIdFor(a['customer'] as object)).toBe(customerIdFor(b['customer'] as object));
  });

  it('strips phone separators and canonicalises social handles, without touching other fields', () => {
    const data = { customer: { phone: '+49 (30) 1234-5678', social: { platform: 'X ', handle: '@AdaL' } }, platform: 'X', handle: '@Brand', body: 'Hi @You' };
    expect(normaliseIdentifiers(data)).toEqual({
      customer: { phone: '+493012345678', social: { platform: 'x', handle: 'adal' } },
      platform: 'x',
      handle: 'brand',
      body: 'Hi @You',
    });
    expect(data.customer.phone).toBe('+49 (30) 1234-5678'); // the input is not mutated
  });
});
