import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { BaseServiceConfig } from '../config/base-service-config';
import { AuthError } from '../errors/domain-errors';
import { SERVICE_CONFIG } from '../platform.options';
import { IS_PUBLIC, REQUIRED_ROLES, type AuthenticatedRequest } from './auth.decorators';
import { CONNECTOR_KEY_RESOLVER, hashConnectorKey, isConnectorKey, type ConnectorKeyResolver } from './connector-key';
import { verifyToken } from './jwt';
import type { Principal, Role } from './principal';

type AuthConfig = Pick<BaseServiceConfig, 'AUTH_JWT_SECRET' | 'AUTH_JWT_ISSUER'>;
type RequestWithHeaders = AuthenticatedRequest & { headers: Record<string, string | string[] | undefined> };

/**
 * Global guard (registered by `PlatformModule`): every route needs `Authorization: Bearer <jwt | csk_ key>` unless
 * marked `@Public()`; `@Roles(...)` then needs one of the roles. 401 `AUTH.UNAUTHORIZED`, 403 `AUTH.FORBIDDEN`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  // undefined: not looked up yet; null: this app provides no resolver (connector keys are refused).
  private resolver: ConnectorKeyResolver | null | undefined;

  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
    @Inject(SERVICE_CONFIG) private readonly config: AuthConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (context.getType() !== 'http' || this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<RequestWithHeaders>();
    const principal = await this.authenticate(bearerOf(request.headers['authorization']));
    request.principal = principal;
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required?.length && !required.some((role) => principal.roles.includes(role))) {
      throw new AuthError('AUTH.FORBIDDEN', `this operation needs one of the roles: ${required.join(', ')}`);
    }
    return true;
  }

  private async authenticate(token: string | undefined): Promise<Principal> {
    if (token === undefined) throw new AuthError('AUTH.UNAUTHORIZED', 'missing bearer token (Authorization: Bearer <token>)');
    if (isConnectorKey(token)) return this.authenticateConnector(token);
    const person = await verifyToken(this.config.AUTH_JWT_SECRET, this.config.AUTH_JWT_ISSUER, token);
    if (!person) throw new AuthError('AUTH.UNAUTHORIZED', 'invalid or expired token');
    return person;
  }

  private async authenticateConnector(key: string): Promise<Principal> {
    const resolver = this.connectorKeyResolver();
    if (!resolver) throw new AuthError('AUTH.UNAUTHORIZED', 'connector keys are not accepted by this service');
    const connector = await resolver(hashConnectorKey(key));
    if (!connector) throw new AuthError('AUTH.UNAUTHORIZED', 'unknown or revoked connector key');
    const { connectorId, scopes } = connector;
    return { subject: `connector:${connectorId}`, roles: [], kind: 'connector', connectorId, scopes };
  }

  /** Looked up lazily across all modules, so the app can provide it from any module it likes. */
  private connectorKeyResolver(): ConnectorKeyResolver | null {
    if (this.resolver === undefined) {
      try {
        this.resolver = this.moduleRef.get<ConnectorKeyResolver>(CONNECTOR_KEY_RESOLVER, { strict: false });
      } catch {
        this.resolver = null;
      }
    }
    return this.resolver;
  }
}

function bearerOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(value)?.[1] : undefined;
}
