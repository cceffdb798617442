import { PUBLIC_EVENTS } from '@csp/contracts';
import { generateConnectorKey, hashConnectorKey, NotFoundError, ValidationError } from '@csp/platform-nest';
import { randomBytes } from 'node:crypto';
import type { ConnectorDirectory } from '../connector-directory';
import type { ConnectorKeyInfo, ConnectorRecord, ConnectorSettings } from '../connectors.repository';

/** A second connector with the same id (409). */
export class ConnectorExistsError extends Error {
  readonly code = 'CONNECTOR.EXISTS';
}

/** `If-Match` named a version that is no longer current (412). */
export class ConnectorModifiedError extends Error {
  readonly code = 'CONNECTOR.MODIFIED';
}

export const CONNECTOR_ERROR_STATUS = { 'CONNECTOR.EXISTS': 409, 'CONNECTOR.MODIFIED': 412 } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PUBLIC_TYPES = new Set(PUBLIC_EVENTS.map((e) => e.type));

/**
 * Registering connectors and managing their credentials. Keys and signing secrets are generated here,
 * returned once and stored hashed (keys) or as given to the signer (secrets: HMAC needs the secret itself).
 * Rotation is issuing a second key and revoking the first once the connector uses the new one.
 */
export class ConnectorAdminService {
  constructor(private readonly directory: ConnectorDirectory) {}

  private get repository() {
    return this.directory.repository;
  }

  async register(id: string, settings: ConnectorSettings): Promise<{ connector: ConnectorRecord; key: string }> {
    checkEventTypes(settings.eventTypes);
    const key = generateConnectorKey();
    if (!(await this.repository.create(id, settings, hashConnectorKey(key), hintOf(key)))) {
      throw new ConnectorExistsError(`connector '${id}' already exists`);
    }
    return { connector: await this.get(id), key };
  }

  list(): Promise<ConnectorRecord[]> {
    return this.repository.list();
  }

  async get(id: string): Promise<ConnectorRecord> {
    const connector = await this.repository.get(id);
    if (!connector) throw new NotFoundError(`no connector '${id}'`);
    return connector;
  }

  async update(id: string, settings: ConnectorSettings, expectedVersion?: number): Promise<ConnectorRecord> {
    checkEventTypes(settings.eventTypes);
    const outcome = await this.repository.update(id, settings, expectedVersion);
    if (outcome === 'missing') throw new NotFoundError(`no connector '${id}'`);
    if (outcome === 'stale') throw new ConnectorModifiedError(`connector '${id}' changed since version ${expectedVersion}`);
    this.directory.forget();
    return this.get(id);
  }

  /** A new key beside the existing ones (rotation: both work until the old one is revoked). */
  async issueKey(id: string): Promise<{ key: string } & ConnectorKeyInfo> {
    const key = generateConnectorKey();
    const info = await this.repository.addKey(id, hashConnectorKey(key), hintOf(key));
    if (!info) throw new NotFoundError(`no connector '${id}'`);
    return { ...info, key };
  }

  async revokeKey(id: string, keyId: string): Promise<void> {
    if (!UUID.test(keyId) || !(await this.repository.revokeKey(id, keyId))) throw new NotFoundError(`connector '${id}' has no active key '${keyId}'`);
    this.directory.forget();
  }

  /** Turns signing on with a new secret (replacing any earlier one); the secret is shown once. */
  async rotateSigningSecret(id: string): Promise<{ secret: string }> {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    if (!(await this.repository.setSigningSecret(id, secret))) throw new NotFoundError(`no connector '${id}'`);
    this.directory.forget();
    return { secret };
  }

  async disableSigning(id: string): Promise<void> {
    if (!(await this.repository.setSigningSecret(id, null))) throw new NotFoundError(`no connector '${id}'`);
    this.directory.forget();
  }
}

function checkEventTypes(types: readonly string[]): void {
  const unknown = types.map((type, i) => ({ type, i })).filter(({ type }) => !PUBLIC_TYPES.has(type));
  if (unknown.length > 0) {
    throw new ValidationError(unknown.map(({ type, i }) => ({ path: `/eventTypes/${i}`, message: `unknown event type '${type}'; see GET /v1/event-types` })));
  }
}

const hintOf = (key: string) => `...${key.slice(-4)}`;
