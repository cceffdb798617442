import type { EventStore } from '@csp/event-store';
import { NotFoundError, Roles } from '@csp/platform-nest';
import { Controller, Get, Header, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';
import { TICKETING_DEPS, type TicketingDeps } from '../../ticketing.deps';
import { TicketView } from '../ticket-view.entity';

const STAFF = ['agent', 'lead', 'manager', 'admin'] as const;

@ApiTags('tickets')
@Controller('v1/tickets')
export class TicketsController {
  private readonly dataSource: DataSource;
  private readonly store: EventStore;

  constructor(@Inject(TICKETING_DEPS) deps: TicketingDeps) {
    this.dataSource = deps.dataSource;
    this.store = deps.runtime.store;
  }

  @Get()
  @Roles(...STAFF)
  async list(
    @Query('status') status?: string,
    @Query('customerId') customerId?: string,
    @Query('teamId') teamId?: string,
    @Query('assigneeId') assigneeId?: string,
    @Query('priority') priority?: string,
    @Query('limit') limit = '50',
    @Query('cursor') cursor?: string,
  ) {
    const take = Math.min(Math.max(Number(limit) || 50, 1), 200);
    const qb = this.dataSource.getRepository(TicketView).createQueryBuilder('t').orderBy('t.number', 'DESC').take(take + 1);
    const filters = { status, customerId, teamId, assigneeId, priority };
    for (const [column, value] of Object.entries(filters)) if (value) qb.andWhere(`t.${column} = :${column}`, { [column]: value });
    if (cursor) qb.andWhere('t.number < :cursor', { cursor: Number(cursor) });
    const rows = await qb.getMany();
    const items = rows.slice(0, take).map(toTicket);
    return { items, nextCursor: rows.length > take ? String(items[items.length - 1].number) : null };
  }

  @Get(':id')
  @Roles(...STAFF)
  async get(@Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const ticket = await this.dataSource.getRepository(TicketView).findOneBy({ id });
    if (!ticket) throw new NotFoundError(`ticket ${id} not found`);
    reply.header('ETag', `"${ticket.revision}"`);
    return toTicket(ticket);
  }

  @Get(':id/events')
  @Roles(...STAFF)
  @Header('Cache-Control', 'no-store')
  async events(@Param('id', ParseUUIDPipe) id: string) {
    const events = await this.store.readStream(`ticket-${id}`);
    if (events.length === 0) throw new NotFoundError(`ticket ${id} not found`);
    return {
      items: events.map((e) => ({ id: e.id, type: e.type, revision: Number(e.revision), recordedAt: e.recordedAt.toISOString(), data: e.data })),
    };
  }
}

function toTicket(t: TicketView) {
  return {
    id: t.id, number: t.number, status: t.status, priority: t.priority, category: t.category, channel: t.channel,
    customerId: t.customerId, teamId: t.teamId, assigneeId: t.assigneeId, subject: t.subject,
    createdAt: t.createdAt.toISOString(), firstResponseAt: t.firstResponseAt?.toISOString() ?? null,
    solvedAt: t.solvedAt?.toISOString() ?? null, sla: [], messages: t.messages,
  };
}
