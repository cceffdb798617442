import { DEFAULT_IDENTITY_CONFIG, isBlocked } from './identity.config';

describe('isBlocked', () => {
  const config = { ...DEFAULT_IDENTITY_CONFIG, blocklist: [...DEFAULT_IDENTITY_CONFIG.blocklist, 'externalId:guest'], blockedEmailDomains: ['mailinator.com'] };
  it('blocks junk values, listed pairs, blocked domains and repeated-digit phones', () => {
    expect(isBlocked({ kind: 'email', value: 'Test@Test.com' }, config)).toBe(true);
    expect(isBlocked({ kind: 'externalId', value: 'guest' }, config)).toBe(true);
    expect(isBlocked({ kind: 'email', value: 'guest@mailinator.com' }, config)).toBe(true);
    expect(isBlocked({ kind: 'phone', value: '+11111111111' }, config)).toBe(true);
    expect(isBlocked({ kind: 'externalId', value: '0000' }, config)).toBe(true);
  });

  it('keeps real identifiers', () => {
    expect(isBlocked({ kind: 'email', value: 'guest@example.com' }, config)).toBe(false);
    expect(isBlocked({ kind: 'anonymousId', value: 'guest' }, config)).toBe(false);
    expect(isBlocked({ kind: 'phone', value: '+4930123456' }, config)).toBe(false);
  });
});
