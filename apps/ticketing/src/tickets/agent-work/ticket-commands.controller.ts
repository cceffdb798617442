import { TicketPriority, TicketStatus } from '@csp/contracts';
import type { TicketCommand } from '@csp/ticketing-domain';
import { actorOf, AuthError, CommandBus, CurrentPrincipal, currentCorrelationId, ifMatchVersion, type Principal, Roles, schemaPipe, ValidationError } from '@csp/platform-nest';
import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { RunTicketCommand } from './run-ticket-command';

const STAFF = ['agent', 'lead', 'manager', 'admin'] as const;
const ReplyBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: 100_000 }), public: Type.Optional(Type.Boolean({ description: 'false = internal note (default true)' })) }, { additionalProperties: false });
const StatusBody = Type.Object({ status: TicketStatus() }, { additionalProperties: false });
const PriorityBody = Type.Object({ priority: TicketPriority() }, { additionalProperties: false });
const AssignBody = Type.Object({ agentId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), teamId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }, { additionalProperties: false });
const MergeBody = Type.Object({ intoTicketId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

/**
 * Agent work on a ticket. Every command takes an optional `If-Match` with the ticket's ETag (its revision):
 * when someone changed the ticket since, the answer is 412 and nothing is written. The response carries the
 * new ETag.
 */
@ApiTags('tickets')
@Controller('v1/tickets/:id')
export class TicketCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('replies')
  @Roles(...STAFF)
  @HttpCode(201)
  reply(@Param('id', ParseUUIDPipe) id: string, @Body(schemaPipe(ReplyBody)) body: Static<typeof ReplyBody>, @CurrentPrincipal() who: Principal, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(who, id, { type: 'AddAgentMessage', messageId: randomUUID(), body: body.body, public: body.public ?? true, author: actorOf(who), now: new Date() }, ifMatch, reply);
  }

  @Post('status')
  @Roles(...STAFF)
  @HttpCode(200)
  status(@Param('id', ParseUUIDPipe) id: string, @Body(schemaPipe(StatusBody)) body: Static<typeof StatusBody>, @CurrentPrincipal() who: Principal, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(who, id, { type: 'ChangeStatus', to: body.status, actor: actorOf(who), now: new Date() }, ifMatch, reply);
  }

  @Post('priority')
  @Roles(...STAFF)
  @HttpCode(200)
  priority(@Param('id', ParseUUIDPipe) id: string, @Body(schemaPipe(PriorityBody)) body: Static<typeof PriorityBody>, @CurrentPrincipal() who: Principal, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(who, id, { type: 'ChangePriority', to: body.priority, reason: 'manual', actor: actorOf(who), now: new Date() }, ifMatch, reply);
  }

  /** Leads, managers and admins assign anyone; an agent may only take a ticket (assign it to themself). */
  @Post('assign')
  @Roles(...STAFF)
  @HttpCode(200)
  assign(@Param('id', ParseUUIDPipe) id: string, @Body(schemaPipe(AssignBody)) body: Static<typeof AssignBody>, @CurrentPrincipal() who: Principal, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const agentId = body.agentId ?? who.subject;
    const onlyAgent = !who.roles.some((r) => r === 'lead' || r === 'manager' || r === 'admin');
    if (onlyAgent && agentId !== who.subject) throw new AuthError('AUTH.FORBIDDEN', 'agents may only assign tickets to themselves; leads and managers reassign');
    if (!body.teamId) throw new ValidationError([{ path: '/teamId', message: 'is required (the team the assignee works the ticket for)' }]);
    return this.run(who, id, { type: 'AssignTicket', agentId, teamId: body.teamId, strategy: 'manual', actor: actorOf(who), now: new Date() }, ifMatch, reply);
  }

  @Post('merge')
  @Roles(...STAFF)
  @HttpCode(200)
  merge(@Param('id', ParseUUIDPipe) id: string, @Body(schemaPipe(MergeBody)) body: Static<typeof MergeBody>, @CurrentPrincipal() who: Principal, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(who, id, { type: 'MergeTicket', intoTicketId: body.intoTicketId, actor: actorOf(who), now: new Date() }, ifMatch, reply);
  }

  private async run(who: Principal, id: string, command: TicketCommand, ifMatch: string | undefined, reply: FastifyReply) {
    const result = await this.commands.execute(new RunTicketCommand(id, command, revisionOf(ifMatch), currentCorrelationId(), who));
    reply.header('ETag', `"${result.revision}"`);
    return result;
  }
}


/** `If-Match: "12"` (or W/"12") -> 12n; anything else is a 400, not a silent unconditional write. */

function revisionOf(ifMatch: string | undefined): bigint | undefined {
  const version = ifMatchVersion(ifMatch, 'the ticket');
  return version === undefined ? undefined : BigInt(version);
}
