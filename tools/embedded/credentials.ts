import { generateConnectorKey, issueToken, ROLES } from '@csp/platform-nest';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Credentials = Record<(typeof ROLES)[number] | 'connector', string>;

export interface EmbeddedSecrets {
  jwtSecret: string;
  credentials: Credentials;
  credentialsFile: string;
  created: boolean;
}

/**
 * First start: a JWT signing secret (`.data/jwt-secret`), one token per role and a demo connector key, written
 * to `.data/credentials.json` (api.md). Later starts reuse them.
 */
export async function ensureCredentials(dataDir: string, issuer = 'csp'): Promise<EmbeddedSecrets> {
  const secretFile = join(dataDir, 'jwt-secret');
  const credentialsFile = join(dataDir, 'credentials.json');
  if (existsSync(secretFile) && existsSync(credentialsFile)) {
    return {
      jwtSecret: readFileSync(secretFile, 'utf8').trim(),
      credentials: JSON.parse(readFileSync(credentialsFile, 'utf8')),
      credentialsFile,
      created: false,
    };
  }
  const jwtSecret = randomBytes(48).toString('base64url');
  const credentials = { connector: generateConnectorKey() } as Credentials;
  for (const role of ROLES) {
    // The admin token holds every role; the others one each. People tokens of the embedded default last a year.
    const roles = role === 'admin' ? [...ROLES] : [role];
    credentials[role] = await issueToken(jwtSecret, { subject: `embedded-${role}`, roles, issuer, expiresIn: '365d' });
  }
  writeFileSync(secretFile, `${jwtSecret}\n`, { mode: 0o600 });
  writeFileSync(credentialsFile, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return { jwtSecret, credentials, credentialsFile, created: true };
}
