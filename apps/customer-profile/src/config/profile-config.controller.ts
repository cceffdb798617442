import { PROFILE_CONFIG_KINDS } from '@csp/contracts';
import { validateSegments } from '@csp/customer-profile-domain';
import { CurrentPrincipal, ifMatchVersion, type Principal, Roles, ValidationError, wholeDocumentBody } from '@csp/platform-nest';
import { Body, Controller, Get, Headers, Inject, Param, Put, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PROFILE_CONFIG_STORE, type ProfileConfigKind, type ProfileConfigStore } from './profile-config-store';

/**
 * `/v1/config/segments`: the whole segments document. GET returns `{ version, ...document }` with
 * `ETag: "<version>"`; PUT (admins) replaces it after validation (JSON-Pointer errors from the domain's
 * validator); `If-Match` makes it conditional (412 when someone changed it first).
 */
@ApiTags('configuration')
@Controller('v1/config')
export class ProfileConfigController {
  constructor(@Inject(PROFILE_CONFIG_STORE) private readonly configs: ProfileConfigStore) {}

  @Get(':kind')
  @Roles('admin', 'manager', 'lead', 'agent')
  async get(@Param('kind') kind: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const { version, document } = await this.configs.get(kindOf(kind));
    reply.header('ETag', `"${version}"`);
    return { ...document, version };
  }

  @Put(':kind')
  @Roles('admin')
  async put(
    @Param('kind') kind: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() who: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const k = kindOf(kind);
    const document = wholeDocumentBody(body);
    const result = validateSegments(document);
    if (!result.ok) throw new ValidationError(result.errors);
    const stored = await this.configs.put(k, result.document as unknown as Record<string, unknown>, { kind: 'user', id: who.subject }, ifMatchVersion(ifMatch, 'the document'), new Date());
    reply.header('ETag', `"${stored.version}"`);
    return { ...stored.document, version: stored.version };
  }
}

function kindOf(kind: string): ProfileConfigKind {
  if (!(PROFILE_CONFIG_KINDS as readonly string[]).includes(kind)) {
    throw new ValidationError([{ path: '/kind', message: `unknown configuration '${kind}'; one of: ${PROFILE_CONFIG_KINDS.join(', ')}` }]);
  }
  return kind as ProfileConfigKind;
}
