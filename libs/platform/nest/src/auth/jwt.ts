import { jwtVerify, SignJWT } from 'jose';
import { isRole, type Principal, type Role } from './principal';

export interface IssueTokenOptions {
  subject: string;
  roles: readonly Role[];
  issuer: string;
  /** Lifetime: seconds, or a jose time span such as `'12h'`, `'365d'`. */
  expiresIn: number | string;
}

/** Signs an HS256 person token with a `roles` claim (used by the embedded default to create its credentials). */
export function issueToken(secret: string, options: IssueTokenOptions): Promise<string> {
  const expiresAt = typeof options.expiresIn === 'number' ? Math.floor(Date.now() / 1000) + options.expiresIn : options.expiresIn;
  return new SignJWT({ roles: [...options.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.subject)
    .setIssuer(options.issuer)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(keyOf(secret));
}

/**
 * Verifies signature (HS256 only), issuer and expiry and returns the person it names, or undefined. Unknown role
 * names are dropped, so a token minted by a newer version still works with the roles this one knows.
 */
export async function verifyToken(secret: string, issuer: string, token: string): Promise<Principal | undefined> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), { issuer, algorithms: ['HS256'] });
    if (typeof payload.sub !== 'string' || payload.sub === '') return undefined;
    const roles = Array.isArray(payload['roles']) ? payload['roles'].filter(isRole) : [];
    return { subject: payload.sub, roles, kind: 'person' };
  } catch {
    return undefined;
  }
}

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}
