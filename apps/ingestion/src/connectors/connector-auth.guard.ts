import { type AuthenticatedRequest, AuthError, hashConnectorKey, isConnectorKey, type Principal, RateLimitedError, SERVICE_CONFIG, verifyToken } from '@csp/platform-nest';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { INGESTION_DEPS, type IngestionDeps } from '../ingestion.deps';
import { ConnectorDirectory } from './connector-directory';
import type { ConnectorGrant } from './connectors.repository';
import { RateLimiter } from './rate-limiter';

interface IntakeRequest extends AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | undefined>;
  rawBody?: Buffer;
  /** Set when a Standard Webhooks message id was recorded, so a failed request can release it for a retry. */
  webhookReceipt?: { connectorId: string; webhookId: string };
}

/** Receipts are kept a little longer than the 5-minute timestamp window: older ids fail the timestamp check. */
const RECEIPT_RETENTION_SECONDS = 600;

/**
 * Authenticates connectors on the intake (`@Public()` routes that use this guard): a connector key
 * (`Authorization: Bearer csk_...`) and/or Standard Webhooks signatures (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature` over the raw body; `?connector=<id>` names the connector when no key is sent). A
 * connector with a signing secret must sign every request. Replayed message ids are refused, and each
 * connector is rate-limited (429 with `Retry-After`).
 */
@Injectable()
export class ConnectorAuthGuard implements CanActivate {
  private readonly limiter = new RateLimiter();
  private lastPrune = 0;

  constructor(
    private readonly directory: ConnectorDirectory,
    @Inject(INGESTION_DEPS) private readonly deps: IngestionDeps,
    @Inject(SERVICE_CONFIG) private readonly config: { AUTH_JWT_SECRET: string; AUTH_JWT_ISSUER: string },
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<IntakeRequest>();
    const grant = await this.identify(request);
    if (grant.signingSecret) await this.verifySignature(request, { ...grant, signingSecret: grant.signingSecret });
    const wait = this.limiter.take(grant.connectorId, grant.rateLimitPerSecond ?? this.deps.rateLimitPerSecond ?? 1000);
    if (wait > 0) throw new RateLimitedError(wait, `connector '${grant.connectorId}' sends too fast; retry after ${wait} s`);
    const principal: Principal = {
      subject: `connector:${grant.connectorId}`, roles: [], kind: 'connector', connectorId: grant.connectorId, scopes: grant.scopes, sources: grant.sources,
    };
    request.principal = principal;
    return true;
  }

  private async identify(request: IntakeRequest): Promise<ConnectorGrant> {
    const token = bearerOf(request.headers['authorization']);
    if (token !== undefined) {
      if (!isConnectorKey(token)) {
        const person = await verifyToken(this.config.AUTH_JWT_SECRET, this.config.AUTH_JWT_ISSUER, token);
        if (person) throw new AuthError('AUTH.FORBIDDEN', 'events are sent with a connector key, not a personal token');
        throw new AuthError('AUTH.UNAUTHORIZED', 'invalid token: events are sent with a connector key (csk_...)');
      }
      const grant = await this.directory.byKeyHash(hashConnectorKey(token));
      if (!grant) throw new AuthError('AUTH.UNAUTHORIZED', 'unknown or revoked connector key');
      return grant;
    }
    const connectorId = request.query['connector'];
    if (connectorId && header(request, 'webhook-signature')) {
      const grant = await this.directory.byConnectorId(connectorId);
      if (grant?.signingSecret) return grant;
      throw new AuthError('AUTH.UNAUTHORIZED', `connector '${connectorId}' does not exist or does not sign its requests`);
    }
    throw new AuthError('AUTH.UNAUTHORIZED', 'send a connector key (Authorization: Bearer csk_...) or a signed request (webhook-* headers and ?connector=<id>)');
  }

  private async verifySignature(request: IntakeRequest, grant: ConnectorGrant & { signingSecret: string }): Promise<void> {
    const [id, timestamp, signature] = ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => header(request, name));
    if (!id || !timestamp || !signature) {
      throw new AuthError('AUTH.UNAUTHORIZED', `connector '${grant.connectorId}' signs its requests: webhook-id, webhook-timestamp and webhook-signature are required`);
    }
    try {
      // The library compares in constant time and refuses timestamps more than 5 minutes off.
      new Webhook(grant.signingSecret).verify(request.rawBody ?? Buffer.alloc(0), { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature }, { jsonParse: false });
    } catch (error) {
      throw new AuthError('AUTH.UNAUTHORIZED', `invalid webhook signature: ${(error as Error).message}`);
    }
    const repository = this.directory.repository;
    if (Date.now() - this.lastPrune > 60_000) {
      this.lastPrune = Date.now();
      void repository.pruneReceipts(RECEIPT_RETENTION_SECONDS).catch(() => undefined);
    }
    if (!(await repository.recordReceipt(grant.connectorId, id))) {
      throw new AuthError('AUTH.UNAUTHORIZED', `webhook-id '${id}' was already received (replayed message)`);
    }
    request.webhookReceipt = { connectorId: grant.connectorId, webhookId: id };
  }
}

function header(request: IntakeRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function bearerOf(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(text)?.[1] : undefined;
}
