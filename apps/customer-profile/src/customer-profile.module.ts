import { deadLetterTopicFor, relayRoutesFor } from '@csp/contracts';
import { DEFAULT_IDENTITY_CONFIG } from '@csp/customer-profile-domain';
import { dataSourceResource, PlatformModule, workerHostProviders } from '@csp/platform-nest';
import { ProjectionRunner } from '@csp/projections';
import { type DynamicModule, Module } from '@nestjs/common';
import { CUSTOMER_PROFILE_DEPS, type CustomerProfileDeps } from './customer-profile.deps';
import { customer360Projection } from './customers/customer-360.projection';
import { CUSTOMER_ENTITIES } from './customers/customer.entities';
import { CustomersController } from './customers/customers.controller';
import { CustomerCommandsController } from './customers/customer-commands/customer-commands.controller';
import { CreateCustomers1763900000200 } from './migrations/1763900000200-create-customers.migration';

export const SERVICE_NAME = 'customer-profile';
export const VERSION = '0.1.0';
export const PROFILE_ENTITIES = CUSTOMER_ENTITIES;
export const PROFILE_MIGRATIONS = [CreateCustomers1763900000200];
export const PROFILE_RELAY_ROUTES = relayRoutesFor(['customer', 'profileConfig']);
/** HTTP statuses of the profile's refusals. */
export const PROFILE_ERROR_STATUS = {
  'CUSTOMER.EXTERNAL_ID_CONFLICT': 409,
  'CUSTOMER.ALREADY_MERGED': 409,
  'CUSTOMER.NOT_MERGED': 409,
  'CUSTOMER.SAME_CUSTOMER': 422,
  'CUSTOMER.NOT_IDENTIFIED': 409,
};

@Module({})
export class CustomerProfileModule {
  static forRoot(deps: CustomerProfileDeps): DynamicModule {
    const { runtime, dataSource } = deps;
    const projection = customer360Projection({ store: runtime.store, identity: deps.identity ?? DEFAULT_IDENTITY_CONFIG });
    return {
      module: CustomerProfileModule,
      imports: [PlatformModule.forRoot({ serviceName: SERVICE_NAME, version: VERSION, errorStatus: PROFILE_ERROR_STATUS })],
      controllers: [CustomersController, CustomerCommandsController],
      providers: [
        { provide: CUSTOMER_PROFILE_DEPS, useValue: deps },
        ...workerHostProviders(
          [...runtime.workers, new ProjectionRunner(dataSource, runtime.bus, projection, { deadLetterTopic: deadLetterTopicFor(SERVICE_NAME) })],
          [runtime, dataSourceResource(dataSource)],
        ),
      ],
    };
  }
}
