import { CurrentPrincipal, ifMatchVersion, type Principal, Roles, ValidationError, wholeDocumentBody } from '@csp/platform-nest';
import type { TeamsDocument } from '@csp/ticketing-domain';
import { Body, Controller, Get, Headers, Inject, Param, Put, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CONFIG_KINDS, validateConfigDocument } from './config-documents';
import { CONFIG_STORE, type ConfigKind, type ConfigStore } from './config-store';

/**
 * `/v1/config/<kind>`: teams, routing-rules, sla-policies, calendars, surveys, time-rules. Each is a whole
 * document: GET returns `{ version, ...document }` with `ETag: "<version>"`; PUT (admins) replaces it after
 * validation with precise errors, `If-Match` makes it conditional (412 when someone changed it first).
 */
@ApiTags('configuration')
@Controller('v1/config')
export class ConfigController {
  constructor(@Inject(CONFIG_STORE) private readonly configs: ConfigStore) {}

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
    const teams = k === 'teams' ? (document as TeamsDocument) : (await this.configs.get<TeamsDocument>('teams')).document;
    const errors = validateConfigDocument(k, document, { teams });
    if (errors.length > 0) throw new ValidationError(errors);
    const stored = await this.configs.put(k, document, { kind: 'user', id: who.subject }, ifMatchVersion(ifMatch, 'the document'), new Date());
    reply.header('ETag', `"${stored.version}"`);
    return { ...stored.document, version: stored.version };
  }
}

function kindOf(kind: string): ConfigKind {
  if (!(CONFIG_KINDS as readonly string[]).includes(kind)) {
    throw new ValidationError([{ path: '/kind', message: `unknown configuration '${kind}'; one of: ${CONFIG_KINDS.join(', ')}` }]);
  }
  return kind as ConfigKind;
}
