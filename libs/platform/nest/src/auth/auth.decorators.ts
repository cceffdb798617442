import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Principal, Role } from './principal';

export const IS_PUBLIC = 'csp:public';
export const REQUIRED_ROLES = 'csp:roles';

/** No credentials needed (health, metrics, docs). On a controller it covers every route. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** The principal must hold at least one of `roles` (a method's list replaces its controller's). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

/** Where the guard leaves the authenticated principal on the Fastify request. */
export interface AuthenticatedRequest {
  principal?: Principal;
}

/** The authenticated principal of the request: `handle(@CurrentPrincipal() who: Principal)`. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal | undefined => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
});
