import type { Principal } from '@csp/platform-nest';
import { ClickHouseHttpError } from './clickhouse-http-error';
import { header, type RequestInput } from './analyst-sql.request';

export const ANALYST_USER = 'analyst';

/** Verifies a person's token (the platform's JWT verifier, bound to the service's secret and issuer). */
export type VerifyToken = (token: string) => Promise<Principal | undefined>;

interface Credentials {
  user: string;
  token: string;
}

/**
 * The token from wherever ClickHouse clients put a password: `Authorization: Bearer`, HTTP basic auth,
 * the `X-ClickHouse-User`/`X-ClickHouse-Key` headers (@clickhouse/client and most drivers), or `user`/`password`
 * URL parameters. The user name, when given, must be `analyst`.
 */
export function credentialsOf(input: Pick<RequestInput, 'headers' | 'url'>): Credentials | undefined {
  const authorization = header(input.headers, 'authorization');
  const bearer = authorization && /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization)?.[1];
  if (bearer) return { user: ANALYST_USER, token: bearer };
  const basic = authorization && /^Basic[ \t]+(\S+)[ \t]*$/i.exec(authorization)?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon === -1 ? undefined : { user: decoded.slice(0, colon), token: decoded.slice(colon + 1) };
  }
  const key = header(input.headers, 'x-clickhouse-key') ?? input.url.get('password') ?? undefined;
  const user = header(input.headers, 'x-clickhouse-user') ?? input.url.get('user') ?? ANALYST_USER;
  return key ? { user, token: key } : undefined;
}

/** The person behind the request, who must hold the `analyst` role; else ClickHouse's authentication errors. */
export async function authenticateAnalyst(input: Pick<RequestInput, 'headers' | 'url'>, verifyToken: VerifyToken): Promise<Principal> {
  const credentials = credentialsOf(input);
  if (!credentials) {
    throw ClickHouseHttpError.of(
      'REQUIRED_PASSWORD',
      `${ANALYST_USER}: the analyst token is required (Authorization: Bearer <token>, or user ${ANALYST_USER} with the token as password)`,
    );
  }
  const principal = credentials.user === ANALYST_USER ? await verifyToken(credentials.token) : undefined;
  if (!principal) {
    throw ClickHouseHttpError.of(
      'AUTHENTICATION_FAILED',
      `${credentials.user}: Authentication failed: password is incorrect, or there is no user with such name`,
    );
  }
  if (!principal.roles.includes('analyst')) {
    throw ClickHouseHttpError.of('ACCESS_DENIED', `${principal.subject}: Not enough privileges. The analyst SQL endpoint needs the analyst role`);
  }
  return principal;
}
