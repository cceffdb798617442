import { AuthError, CommandBus, CurrentPrincipal, currentCorrelationId, type Principal, Public, ValidationError } from '@csp/platform-nest';
import { Body, Controller, Headers, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ConnectorAuthGuard } from '../../connectors/connector-auth.guard';
import { ConnectorDirectory } from '../../connectors/connector-directory';
import { parseCloudEventsRequest } from './cloud-event-request';
import { IngestEventsCommand } from './ingest-events.command';

type SignedRequest = { webhookReceipt?: { connectorId: string; webhookId: string } };

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly directory: ConnectorDirectory,
  ) {}

  /**
   * CloudEvents 1.0 in structured, batch or binary mode; 202 with per-event results, 400 when all fail.
   * Connectors only: a connector key and/or a Standard Webhooks signature (see ConnectorAuthGuard).
   */
  @Post()
  @Public()
  @UseGuards(ConnectorAuthGuard)
  @HttpCode(202)
  async ingest(
    @Body() body: unknown,
    @Headers() headers: Record<string, string | string[] | undefined>,
    @CurrentPrincipal() principal: Principal,
    @Req() request: SignedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    try {
      return await this.handle(body, headers, principal, reply);
    } catch (error) {
      // A signed message that failed on our side may be sent again with the same webhook-id.
      const receipt = request.webhookReceipt;
      if (receipt && !isClientError(error)) await this.directory.repository.forgetReceipt(receipt.connectorId, receipt.webhookId).catch(() => undefined);
      throw error;
    }
  }

  private async handle(body: unknown, headers: Record<string, string | string[] | undefined>, principal: Principal, reply: FastifyReply) {
    const parsed = parseCloudEventsRequest({ contentType: String(headers['content-type'] ?? ''), headers, body });
    if (!parsed.ok) throw new ValidationError(parsed.errors);
    const connector = { connectorId: principal.connectorId ?? principal.subject, scopes: principal.scopes ?? [], sources: principal.sources ?? [] };
    const { result, forbidden } = await this.commands.execute(new IngestEventsCommand(parsed.events, connector, currentCorrelationId()));
    if (forbidden > 0 && forbidden === parsed.events.length) {
      const errors = result.rejected.flatMap((r) => r.errors);
      throw new AuthError('AUTH.FORBIDDEN', `this connector may not send these events: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
    }
    if (result.accepted.length === 0 && result.duplicates.length === 0) {
      const errors = result.rejected.flatMap((r) => r.errors.map((e) => ({ path: parsed.events.length > 1 ? `/${r.index}${e.path}` : e.path, message: e.message })));
      throw new ValidationError(errors, 'no event was accepted', { rejected: result.rejected });
    }
    reply.status(202);
    return result;
  }
}

function isClientError(error: unknown): boolean {
  return error instanceof ValidationError || error instanceof AuthError;
}
