import { deadLetterTopicFor, relayRoutesFor } from '@csp/contracts';
import { DEFAULT_IDENTITY_CONFIG } from '@csp/customer-profile-domain';
import { dataSourceResource, PlatformModule, workerHostProviders } from '@csp/platform-nest';
import { CreateEventOutbox1763900000220, EventOutboxRelay, ProjectionRunner } from '@csp/projections';
import { DeadlineScheduler, DeadlineStore } from '@csp/scheduler';
import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { BirthdayGreetings } from './care/birthday-greetings';
import { CustomerCare } from './care/customer-care';
import { DailyCare } from './care/daily-care';
import { ProfileConfigController } from './config/profile-config.controller';
import { createProfileConfigStore, PROFILE_CONFIG_STORE } from './config/profile-config-store';
import { CUSTOMER_PROFILE_DEPS, type CustomerProfileDeps } from './customer-profile.deps';
import { customer360Projection } from './customers/customer-360.projection';
import { CUSTOMER_ENTITIES } from './customers/customer.entities';
import { CustomersController } from './customers/customers.controller';
import { CustomerCommandsController } from './customers/customer-commands/customer-commands.controller';
import { CreateCustomers1763900000200 } from './migrations/1763900000200-create-customers.migration';
import { AddCustomerCare1763900000210 } from './migrations/1763900000210-add-customer-care.migration';
import { AddCustomerErasure1763900000230 } from './migrations/1763900000230-add-customer-erasure.migration';
import { IndexIdentityGraph1763900000240 } from './migrations/1763900000240-index-identity-graph.migration';

export const SERVICE_NAME = 'customer-profile';
export const VERSION = '0.1.0';
export const PROFILE_ENTITIES = CUSTOMER_ENTITIES;
export const PROFILE_MIGRATIONS = [CreateCustomers1763900000200, AddCustomerCare1763900000210, CreateEventOutbox1763900000220, AddCustomerErasure1763900000230, IndexIdentityGraph1763900000240];
export const PROFILE_RELAY_ROUTES = relayRoutesFor(['customer', 'profileConfig']);
/** HTTP statuses of the profile's refusals. */
export const PROFILE_ERROR_STATUS = {
  'CUSTOMER.EXTERNAL_ID_CONFLICT': 409,
  'CUSTOMER.ALREADY_MERGED': 409,
  'CUSTOMER.NOT_MERGED': 409,
  'CUSTOMER.SAME_CUSTOMER': 422,
  'CUSTOMER.NOT_IDENTIFIED': 409,
};

const outboxLog = new Logger('EventOutboxRelay');

@Module({})
export class CustomerProfileModule {
  static forRoot(deps: CustomerProfileDeps): DynamicModule {
    const { runtime, dataSource } = deps;
    const deadlines = DeadlineStore.onExecutor(dataSource, 'customer_profile');
    // What the projection and the care jobs decide goes through the outbox; the relay appends it after each commit.
    const outbox = new EventOutboxRelay(dataSource, runtime.store, { name: `${SERVICE_NAME}-outbox`, log: (m, e) => outboxLog.warn(`${m}: ${String(e)}`) });
    const committed = () => outbox.wake();
    const birthdays = new BirthdayGreetings(deadlines, dataSource, committed);
    const care = { clock: deps.care?.clock, leadEmail: deps.care?.leadEmail };
    const daily = new DailyCare(dataSource, deadlines, new CustomerCare(care), committed);
    const continueReview = daily.continueReview.bind(daily);
    const projection = customer360Projection({ identity: deps.identity ?? DEFAULT_IDENTITY_CONFIG, care: { ...care, birthdays, continueReview } });
    const scheduler = new DeadlineScheduler({
      name: `${SERVICE_NAME}-scheduler`, connectionString: (dataSource.options as { url: string }).url, schema: 'customer_profile',
      handlers: { ...birthdays.handlers(), ...daily.handlers() }, ensureSchema: false,
    });
    return {
      module: CustomerProfileModule,
      imports: [PlatformModule.forRoot({ serviceName: SERVICE_NAME, version: VERSION, errorStatus: PROFILE_ERROR_STATUS })],
      controllers: [CustomersController, CustomerCommandsController, ProfileConfigController],
      providers: [
        { provide: CUSTOMER_PROFILE_DEPS, useValue: deps },
        { provide: PROFILE_CONFIG_STORE, useValue: createProfileConfigStore(runtime.store) },
        ...workerHostProviders(
          [...runtime.workers, new ProjectionRunner(dataSource, runtime.bus, projection, {
            deadLetterTopic: deadLetterTopicFor(SERVICE_NAME),
            afterCommit: ({ enqueued }) => {
              if (enqueued) committed();
            },
          }), outbox, daily, scheduler],
          [runtime, dataSourceResource(dataSource)],
        ),
      ],
    };
  }
}
