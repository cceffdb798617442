import { deadLetterTopicFor, relayRoutesFor, Topics } from '@csp/contracts';
import { CqrsModule, dataSourceResource, eventConsumerWorker, PlatformModule, workerHostProviders } from '@csp/platform-nest';
import { ProjectionRunner } from '@csp/projections';
import { DeadlineScheduler, DeadlineStore } from '@csp/scheduler';
import { type DynamicModule, Module } from '@nestjs/common';
import { CreateTickets1763900000100 } from './migrations/1763900000100-create-tickets.migration';
import { CreateTicketNumberSequence1763900000101 } from './migrations/1763900000101-create-ticket-number-sequence.migration';
import { CreateTicketThreads1763900000110 } from './migrations/1763900000110-create-ticket-threads.migration';
import { CreateRoutingState1763900000120 } from './migrations/1763900000120-create-routing-state.migration';
import { CreateTicketContacts1763900000130 } from './migrations/1763900000130-create-ticket-contacts.migration';
import { CreateDeadlines1763900000140 } from './migrations/1763900000140-create-deadlines.migration';
import { AddTicketSla1763900000150 } from './migrations/1763900000150-add-ticket-sla.migration';
import { CreateCustomerAliases1763900000160 } from './migrations/1763900000160-create-customer-aliases.migration';
import { emptyDocument } from './config/config-documents';
import { ConfigController } from './config/config.controller';
import { CONFIG_STORE, createConfigStore } from './config/config-store';
import { STARTER_CONFIG, starterConfigSeeder } from './config/starter-config';
import { RunTicketCommandHandler } from './tickets/agent-work/run-ticket-command';
import { TicketCommandsController } from './tickets/agent-work/ticket-commands.controller';
import { TicketIntakeHandler } from './tickets/intake/ticket-intake.handler';
import { CustomerNotificationsProcess } from './tickets/notifications/customer-notifications.process';
import { CustomerErasureProcess } from './tickets/erasure/customer-erasure.process';
import { TicketRoutingProcess } from './tickets/routing/ticket-routing.process';
import { SlaProcess } from './tickets/sla/sla.process';
import { TimeRulesProcess } from './tickets/time-rules/time-rules.process';
import { GetTicketEventsHandler } from './tickets/ticket-queries/get-ticket-events.query';
import { GetTicketHandler } from './tickets/ticket-queries/get-ticket.query';
import { ListTicketsHandler } from './tickets/ticket-queries/list-tickets.query';
import { SlaSimulationController } from './simulations/sla-simulation.controller';
import { TicketsController } from './tickets/ticket-queries/tickets.controller';
import {
  ListOutboundMessagesHandler, OUTBOUND_ENTITIES, OUTBOUND_MIGRATIONS, type OutboundConfig, outboundConfigFrom, OutboundController, outboundDeliveryWorkers,
  outboundMessagesProjection,
} from './outbound';
import { TicketView } from './tickets/ticket-view.entity';
import { ticketViewProjection } from './tickets/ticket-view.projection';
import { TICKETING_DEPS, type TicketingDeps } from './ticketing.deps';

export const SERVICE_NAME = 'ticketing';
/** HTTP statuses of the ticket decider's refusals. */
export const TICKET_ERROR_STATUS = {
  'TICKET.ALREADY_OPENED': 409,
  'TICKET.NOT_FOUND': 404,
  'TICKET.CLOSED': 409,
  'TICKET.INVALID_STATUS_CHANGE': 409,
  'TICKET.INVALID_MERGE': 422,
  'TICKET.REOPEN_WINDOW_PASSED': 409,
};

/** Message keys (customers, tickets) a consumer handles at once; more overlap round trips to PostgreSQL. */
const KEYS_AT_ONCE = 8;
/**
 * Routing's keys at once: a new ticket waits for its team's next turn (one transaction for every ticket waiting),
 * holding its lane meanwhile, so with 8 lanes a burst drained 8 tickets per turn. More lanes let a turn take more.
 */
const ROUTING_KEYS_AT_ONCE = 64;

export const VERSION = '0.1.0';
export const TICKETING_ENTITIES = [TicketView, ...OUTBOUND_ENTITIES];
export const TICKETING_MIGRATIONS = [CreateTickets1763900000100, CreateTicketNumberSequence1763900000101, CreateTicketThreads1763900000110, CreateRoutingState1763900000120, CreateTicketContacts1763900000130, CreateDeadlines1763900000140, AddTicketSla1763900000150, CreateCustomerAliases1763900000160, ...OUTBOUND_MIGRATIONS];
/** Stream categories ticketing owns and the topic its relay publishes them to. */
export const TICKETING_RELAY_ROUTES = relayRoutesFor(['ticket', 'ticketingConfig', 'outbound']);

@Module({})
export class TicketingModule {
  static forRoot(deps: TicketingDeps, outbound: OutboundConfig = outboundConfigFrom()): DynamicModule {
    const { runtime, dataSource } = deps;
    const deadLetterTopic = deadLetterTopicFor(SERVICE_NAME);
    const intake = new TicketIntakeHandler(runtime.store, dataSource);
    const configs = createConfigStore(runtime.store, deps.starterConfig === 'embedded' ? (kind) => STARTER_CONFIG[kind] : emptyDocument);
    const routing = new TicketRoutingProcess(runtime.store, dataSource, configs);
    const erasure = new CustomerErasureProcess(dataSource);
    const notifications = new CustomerNotificationsProcess(runtime.store, dataSource, configs);
    const deadlines = DeadlineStore.onExecutor(dataSource, 'ticketing');
    const sla = new SlaProcess(runtime.store, dataSource, configs, deadlines);
    const timeRules = new TimeRulesProcess(runtime.store, configs, deadlines);
    const scheduler = new DeadlineScheduler({
      name: `${SERVICE_NAME}-scheduler`, connectionString: (dataSource.options as { url: string }).url, schema: 'ticketing',
      handlers: { ...sla.handlers(), ...timeRules.handlers() }, ensureSchema: false,
    });
    return {
      module: TicketingModule,
      imports: [
        CqrsModule.forRoot(),
        PlatformModule.forRoot({ serviceName: SERVICE_NAME, version: VERSION, errorStatus: TICKET_ERROR_STATUS }),
      ],
      controllers: [TicketsController, TicketCommandsController, ConfigController, OutboundController, SlaSimulationController],
      providers: [
        { provide: TICKETING_DEPS, useValue: deps },
        { provide: CONFIG_STORE, useValue: configs },
        RunTicketCommandHandler,
        ListOutboundMessagesHandler,
        ListTicketsHandler,
        GetTicketHandler,
        GetTicketEventsHandler,
        ...workerHostProviders(
          [
            ...runtime.workers,
            // Every process acts on one customer's or one ticket's data per message: keys run side by side. Routing's
            // assignments within one team are decided one at a time under the team's lock (they read its agents' load).
            eventConsumerWorker(runtime.bus, { groupId: SERVICE_NAME, topics: [Topics.interactions], deadLetterTopic, concurrency: KEYS_AT_ONCE, handle: (e) => intake.handle(e) }),
            // Routing and assignment follow the ticket events, and customers' tiers and merges (interactions, profile events).
            eventConsumerWorker(runtime.bus, { groupId: `${SERVICE_NAME}-routing`, topics: [Topics.ticketing, Topics.interactions, Topics.customers], deadLetterTopic, concurrency: ROUTING_KEYS_AT_ONCE, handle: (e) => routing.handle(e) }),
            eventConsumerWorker(runtime.bus, { groupId: `${SERVICE_NAME}-erasure`, topics: [Topics.customers], deadLetterTopic, handle: (e) => erasure.handle(e) }),
            eventConsumerWorker(runtime.bus, { groupId: `${SERVICE_NAME}-sla`, topics: [Topics.ticketing], deadLetterTopic, concurrency: KEYS_AT_ONCE, handle: (e) => sla.handle(e) }),
            eventConsumerWorker(runtime.bus, { groupId: `${SERVICE_NAME}-time-rules`, topics: [Topics.ticketing], deadLetterTopic, concurrency: KEYS_AT_ONCE, handle: (e) => timeRules.handle(e) }),
            scheduler,
            eventConsumerWorker(runtime.bus, { groupId: `${SERVICE_NAME}-notifications`, topics: [Topics.ticketing], deadLetterTopic, concurrency: KEYS_AT_ONCE, handle: (e) => notifications.handle(e) }),
            new ProjectionRunner(dataSource, runtime.bus, ticketViewProjection, { deadLetterTopic }),
            ...outboundDeliveryWorkers(deps, outbound, { deadLetterTopic }),
            new ProjectionRunner(dataSource, runtime.bus, outboundMessagesProjection, { deadLetterTopic }),
            ...(deps.starterConfig === 'embedded' ? [starterConfigSeeder(configs)] : []),
          ],
          [runtime, dataSourceResource(dataSource)],
        ),
      ],
    };
  }
}
