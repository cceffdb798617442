import { SignJWT } from 'jose';
import { connectorKeyMatches, generateConnectorKey, hashConnectorKey, isConnectorKey } from './connector-key';
import { issueToken, verifyToken } from './jwt';

const SECRET = 'unit-test-secret-that-is-long-enough!';

describe('person tokens', () => {
  it('round-trips subject and roles', async () => {
    const token = await issueToken(SECRET, { subject: 'agent-1', roles: ['agent', 'lead'], issuer: 'csp', expiresIn: '1h' });
    await expect(verifyToken(SECRET, 'csp', token)).resolves.toEqual({ subject: 'agent-1', roles: ['agent', 'lead'], kind: 'person' });
  });

  it('rejects another secret, another issuer and an expired token', async () => {
    const token = await issueToken(SECRET, { subject: 'a', roles: ['admin'], issuer: 'csp', expiresIn: 60 });
    await expect(verifyToken(`${SECRET}x`, 'csp', token)).resolves.toBeUndefined();
    await expect(verifyToken(SECRET, 'someone-else', token)).resolves.toBeUndefined();
    const expired = await issueToken(SECRET, { subject: 'a', roles: ['admin'], issuer: 'csp', expiresIn: -10 });
    await expect(verifyToken(SECRET, 'csp', expired)).resolves.toBeUndefined();
    await expect(verifyToken(SECRET, 'csp', 'garbage')).resolves.toBeUndefined();
  });

  it('drops unknown roles and requires a subject', async () => {
    const key = new TextEncoder().encode(SECRET);
    const odd = await new SignJWT({ roles: ['agent', 'root', 7] }).setProtectedHeader({ alg: 'HS256' }).setSubject('s').setIssuer('csp').sign(key);
    await expect(verifyToken(SECRET, 'csp', odd)).resolves.toEqual({ subject: 's', roles: ['agent'], kind: 'person' });
    const anonymous = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setIssuer('csp').sign(key);
    await expect(verifyToken(SECRET, 'csp', anonymous)).resolves.toBeUndefined();
  });

  it('accepts HS256 only', async () => {
    const key = new TextEncoder().encode(SECRET);
    const hs512 = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS512' }).setSubject('s').setIssuer('csp').sign(key);
    await expect(verifyToken(SECRET, 'csp', hs512)).resolves.toBeUndefined();
  });
});

describe('connector keys', () => {
  it('are csk_ plus 32 random bytes in base64url, never twice the same', () => {
    const key = generateConnectorKey();
    expect(key).toMatch(/^csk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice(4), 'base64url')).toHaveLength(32);
    expect(generateConnectorKey()).not.toBe(key);
    expect(isConnectorKey(key)).toBe(true);
    expect(isConnectorKey('eyJhbGciOi')).toBe(false);
  });

  it('hash to SHA-256 hex and match only their own hash', () => {
    const key = generateConnectorKey();
    const hash = hashConnectorKey(key);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    // A fixed vector: resolvers store these hashes, so the encoding must never change.
    expect(hashConnectorKey('csk_abc')).toBe('c773b81ef04a4af745e3bcc4e88a484981b120598ebef14c6e5553e6f3b74b17');
    expect(connectorKeyMatches(key, hash)).toBe(true);
    expect(connectorKeyMatches(generateConnectorKey(), hash)).toBe(false);
    expect(connectorKeyMatches(key, 'not-hex')).toBe(false);
  });
});
