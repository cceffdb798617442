import { QueryBus, Roles } from '@csp/platform-nest';
import { Controller, Get, Header, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { GetTicketEventsQuery } from './get-ticket-events.query';
import { GetTicketQuery } from './get-ticket.query';
import { ListTicketsQuery } from './list-tickets.query';

const STAFF = ['agent', 'lead', 'manager', 'admin'] as const;

@ApiTags('tickets')
@Controller('v1/tickets')
export class TicketsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles(...STAFF)
  list(
    @Query('status') status?: string,
    @Query('customerId') customerId?: string,
    @Query('teamId') teamId?: string,
    @Query('assigneeId') assigneeId?: string,
    @Query('priority') priority?: string,
    @Query('limit') limit = '50',
    @Query('cursor') cursor?: string,
  ) {
    const take = Math.min(Math.max(Number(limit) || 50, 1), 200);
    const after = cursor && Number.isInteger(Number(cursor)) ? Number(cursor) : undefined;
    return this.queries.execute(new ListTicketsQuery({ status, customerId, teamId, assigneeId, priority }, take, after));
  }

  @Get(':id')
  @Roles(...STAFF)
  async get(@Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const { ticket, etag } = await this.queries.execute(new GetTicketQuery(id));
    reply.header('ETag', etag);
    return ticket;
  }

  @Get(':id/events')
  @Roles(...STAFF)
  @Header('Cache-Control', 'no-store')
  events(@Param('id', ParseUUIDPipe) id: string) {
    return this.queries.execute(new GetTicketEventsQuery(id));
  }
}
