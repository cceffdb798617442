import { Command, CommandHandler, type ICommandHandler, NotFoundError } from '@csp/platform-nest';
import { TicketClosed, type TicketCommand, TicketNotFound } from '@csp/ticketing-domain';
import { Inject } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
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
  ) {
    super();
  }
}

@CommandHandler(RunTicketCommand)
export class RunTicketCommandHandler implements ICommandHandler<RunTicketCommand> {
  private readonly tickets: TicketStreams;

  constructor(@Inject(TICKETING_DEPS) deps: TicketingDeps) {
    this.tickets = new TicketStreams(deps.runtime.store);
  }

  async execute({ ticketId, command, expectedRevision, correlationId }: RunTicketCommand): Promise<TicketCommandResult> {
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

  private async checkMergeTarget(intoTicketId: string): Promise<void> {
    const { state } = await this.tickets.load(intoTicketId);
    if (state.status === 'none') throw new NotFoundError(`ticket ${intoTicketId} (the merge target) not found`);
    if (state.status === 'closed') throw new TicketClosed(intoTicketId, 'mergedInto' in state ? state.mergedInto : undefined);
  }
}
