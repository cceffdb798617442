import { deadLetterTopicFor, relayRoutesFor, Topics } from '@csp/contracts';
import { CqrsModule, dataSourceResource, eventConsumerWorker, PlatformModule, workerHostProviders } from '@csp/platform-nest';
import { ProjectionRunner } from '@csp/projections';
import { type DynamicModule, Module } from '@nestjs/common';
import { CreateTickets1763900000100 } from './migrations/1763900000100-create-tickets.migration';
import { CreateTicketNumberSequence1763900000101 } from './migrations/1763900000101-create-ticket-number-sequence.migration';
import { OpenTicketFromMessageHandler } from './tickets/open-ticket/open-ticket-from-message.handler';
import { GetTicketEventsHandler } from './tickets/ticket-queries/get-ticket-events.query';
import { GetTicketHandler } from './tickets/ticket-queries/get-ticket.query';
import { ListTicketsHandler } from './tickets/ticket-queries/list-tickets.query';
import { TicketsController } from './tickets/ticket-queries/tickets.controller';
import { TicketView } from './tickets/ticket-view.entity';
import { ticketViewProjection } from './tickets/ticket-view.projection';
import { TICKETING_DEPS, type TicketingDeps } from './ticketing.deps';

export const SERVICE_NAME = 'ticketing';
export const VERSION = '0.1.0';
export const TICKETING_ENTITIES = [TicketView];
export const TICKETING_MIGRATIONS = [CreateTickets1763900000100, CreateTicketNumberSequence1763900000101];
/** Stream categories ticketing owns and the topic its relay publishes them to. */
export const TICKETING_RELAY_ROUTES = relayRoutesFor(['ticket', 'ticketingConfig']);

@Module({})
export class TicketingModule {
  static forRoot(deps: TicketingDeps): DynamicModule {
    const { runtime, dataSource } = deps;
    const deadLetterTopic = deadLetterTopicFor(SERVICE_NAME);
    const intake = new OpenTicketFromMessageHandler(runtime.store, dataSource);
    return {
      module: TicketingModule,
      imports: [
        CqrsModule.forRoot(),
        PlatformModule.forRoot({ serviceName: SERVICE_NAME, version: VERSION, errorStatus: { 'TICKET.ALREADY_OPENED': 409 } }),
      ],
      controllers: [TicketsController],
      providers: [
        { provide: TICKETING_DEPS, useValue: deps },
        ListTicketsHandler,
        GetTicketHandler,
        GetTicketEventsHandler,
        ...workerHostProviders(
          [
            ...runtime.workers,
            eventConsumerWorker(runtime.bus, { groupId: SERVICE_NAME, topics: [Topics.interactions], deadLetterTopic, handle: (e) => intake.handle(e) }),
            new ProjectionRunner(dataSource, runtime.bus, ticketViewProjection, { deadLetterTopic }),
          ],
          [runtime, dataSourceResource(dataSource)],
        ),
      ],
    };
  }
}
