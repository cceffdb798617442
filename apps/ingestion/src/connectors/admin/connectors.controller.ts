import { ifMatchVersion, Roles, schemaPipe } from '@csp/platform-nest';
import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { ConnectorDirectory } from '../connector-directory';
import type { ConnectorRecord } from '../connectors.repository';
import { ConnectorAdminService } from './connector-admin.service';

const Settings = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  eventTypes: Type.Array(Type.String({ maxLength: 256 }), { minItems: 1, maxItems: 100, uniqueItems: true }),
  sources: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 1024 }), {
      maxItems: 100, description: "CloudEvents sources this connector may send from; '/shop/*' matches by prefix; empty or absent: any",
    }),
  ),
  rateLimitPerSecond: Type.Optional(Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }), Type.Null()])),
};
const RegisterBody = Type.Object({ id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }), ...Settings }, { additionalProperties: false });
const UpdateBody = Type.Object(Settings, { additionalProperties: false });

const etag = (c: ConnectorRecord) => `"${c.version}"`;

/** Connector administration (admin role): register, change, issue/rotate/revoke keys, signing secrets. */
@ApiTags('connectors')
@Roles('admin')
@Controller('v1/connectors')
export class ConnectorsController {
  private readonly service: ConnectorAdminService;

  constructor(directory: ConnectorDirectory) {
    this.service = new ConnectorAdminService(directory);
  }

  /** 201 with the connector and its first key (`key` is shown only here). */
  @Post()
  async register(@Body(schemaPipe(RegisterBody)) body: Static<typeof RegisterBody>, @Res({ passthrough: true }) reply: FastifyReply) {
    const { id, ...settings } = body;
    const result = await this.service.register(id, withDefaults(settings));
    reply.header('ETag', etag(result.connector)).header('Location', `/v1/connectors/${id}`);
    return result;
  }

  @Get()
  async list() {
    return { items: await this.service.list() };
  }

  @Get(':id')
  async get(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const connector = await this.service.get(id);
    reply.header('ETag', etag(connector));
    return connector;
  }

  /** Replaces the settings; `If-Match: "<version>"` makes it conditional (412 when someone changed it first). */
  @Patch(':id')
  async update(
    @Param('id') id: string,
    @Body(schemaPipe(UpdateBody)) body: Static<typeof UpdateBody>,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const expected = ifMatchVersion(ifMatch, 'the connector');
    const connector = await this.service.update(id, withDefaults(body), expected);
    reply.header('ETag', etag(connector));
    return connector;
  }

  /** Issues another key (rotation); the old keys keep working until revoked. */
  @Post(':id/keys')
  issueKey(@Param('id') id: string) {
    return this.service.issueKey(id);
  }

  @Delete(':id/keys/:keyId')
  @HttpCode(204)
  async revokeKey(@Param('id') id: string, @Param('keyId') keyId: string) {
    await this.service.revokeKey(id, keyId);
  }

  /** Enables Standard Webhooks signatures with a new secret (shown once); every request must then be signed. */
  @Post(':id/signing-secret')
  rotateSigningSecret(@Param('id') id: string) {
    return this.service.rotateSigningSecret(id);
  }

  @Delete(':id/signing-secret')
  @HttpCode(204)
  async disableSigning(@Param('id') id: string) {
    await this.service.disableSigning(id);
  }
}

function withDefaults(settings: Static<typeof UpdateBody>) {
  return { ...settings, sources: settings.sources ?? [], rateLimitPerSecond: settings.rateLimitPerSecond ?? null };
}
