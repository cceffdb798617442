import { AuthError, Command, CommandHandler, type ICommandHandler, NotFoundError, type Principal } from '@csp/platform-nest';
import { type OpenedTicket, type TeamsDocument, TicketClosed, type TicketCommand, TicketNotFound } from '@csp/ticketing-domain';
import { Inject } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CONFIG_STORE, type ConfigStore } from '../../config/config-store';
import { TICKETING_DEPS, type TicketingDeps } from '../../ticketing.deps';
import { TicketStreams } from '../ticket-streams';

export interface TicketCommandResult {
  ticketId: string;
  /** The ticket's revision after the command (its new ETag). */
  revision: string;
  /** Event types the command produced (empty when it changed nothing). */
  events: string[];
}

/** One agent action on a ticket (reply, status, priority, assignment, merge), optionally conditional. */
export class RunTicketCommand extends Command<TicketCommandResult> {
  constructor(
    readonly ticketId: string,
    readonly command: TicketCommand,
    /** From `If-Match`: the revision the agent saw; stale -> 412. */
    readonly expectedRevision: bigint | undefined,
    readonly correlationId: string | undefined,
    /** Who asks: agents act only on their own teams' tickets (or tickets assigned to them). */
    readonly principal?: Principal,
  ) {
    super();
  }
}

@CommandHandler(RunTicketCommand)
export class RunTicketCommandHandler implements ICommandHandler<RunTicketCommand> {
  private readonly tickets: TicketStreams;

  constructor(
    @Inject(TICKETING_DEPS) deps: TicketingDeps,
    @Inject(CONFIG_STORE) private readonly configs: ConfigStore,
  ) {
    this.tickets = new TicketStreams(deps.runtime.store);
  }

  async execute({ ticketId, command, expectedRevision, correlationId, principal }: RunTicketCommand): Promise<TicketCommandResult> {
    if (principal) await this.checkTeam(ticketId, principal);
    if (command.type === 'MergeTicket') await this.checkMergeTarget(command.intoTicketId);
    try {
      const { events, revision } = await this.tickets.execute(ticketId, command, {
        expectedRevision,
        eventId: () => randomUUID(),
        metadata: { correlationId, actor: 'actor' in command ? command.actor.id : undefined },
      });
      return { ticketId, revision: String(revision), events: events.map((e) => e.type) };
    } catch (error) {
      if (error instanceof TicketNotFound) throw new NotFoundError(`ticket ${ticketId} not found`);
      throw error;
    }
  }

  /** Leads, managers and admins act on any ticket; an agent on tickets of their teams or assigned to them. */
  private async checkTeam(ticketId: string, who: Principal): Promise<void> {
    if (who.roles.some((r) => r === 'lead' || r === 'manager' || r === 'admin')) return;
    const { state } = await this.tickets.load(ticketId);
    if (state.status === 'none') return; // answered as 404 by the command itself
    const ticket = state as OpenedTicket;
    if (ticket.assigneeId === who.subject || !ticket.teamId) return;
    const teams = (await this.configs.get<TeamsDocument>('teams')).document.teams ?? [];
    if (teams.some((t) => t.id === ticket.teamId && t.members.includes(who.subject))) return;
    throw new AuthError('AUTH.FORBIDDEN', `ticket ${ticketId} belongs to team '${ticket.teamId}', which you are not a member of`);
  }

  private async checkMergeTarget(intoTicketId: string): Promise<void> {
    const { state } = await this.tickets.load(intoTicketId);
    if (state.status === 'none') throw new NotFoundError(`ticket ${intoTicketId} (the merge target) not found`);
    if (state.status === 'closed') throw new TicketClosed(intoTicketId, 'mergedInto' in state ? state.mergedInto : undefined);
  }
}
