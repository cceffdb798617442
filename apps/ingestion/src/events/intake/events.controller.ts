import { AuthError, CommandBus, CurrentPrincipal, currentCorrelationId, type Principal, ValidationError } from '@csp/platform-nest';
import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { parseCloudEventsRequest } from './cloud-event-request';
import { IngestEventsCommand } from './ingest-events.command';

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(private readonly commands: CommandBus) {}

  /** CloudEvents 1.0 in structured, batch or binary mode; 202 with per-event results, 400 when all fail. */
  @Post()
  @HttpCode(202)
  async ingest(
    @Body() body: unknown,
    @Headers() headers: Record<string, string | string[] | undefined>,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (principal.kind !== 'connector' || !principal.connectorId) {
      throw new AuthError('AUTH.FORBIDDEN', 'events are sent with a connector key');
    }
    const parsed = parseCloudEventsRequest({ contentType: String(headers['content-type'] ?? ''), headers, body });
    if (!parsed.ok) throw new ValidationError(parsed.errors);
    const connector = { connectorId: principal.connectorId, scopes: principal.scopes ?? [] };
    const { result, forbidden } = await this.commands.execute(new IngestEventsCommand(parsed.events, connector, currentCorrelationId()));
    if (forbidden > 0 && forbidden === parsed.events.length) {
      throw new AuthError('AUTH.FORBIDDEN', 'this connector key may not send these event types');
    }
    if (result.accepted.length === 0 && result.duplicates.length === 0) {
      const errors = result.rejected.flatMap((r) => r.errors.map((e) => ({ path: parsed.events.length > 1 ? `/${r.index}${e.path}` : e.path, message: e.message })));
      throw new ValidationError(errors, 'no event was accepted', { rejected: result.rejected });
    }
    reply.status(202);
    return result;
  }
}
