// A tiny service for the integration tests: one public and one protected controller over PlatformModule.
import { Body, Controller, Get, HttpCode, Inject, Logger, Module, Param, Post, type OnModuleInit } from '@nestjs/common';
import { Type, type Static } from '@sinclair/typebox';
import { CurrentPrincipal, Public, Roles } from '../auth/auth.decorators';
import { CONNECTOR_KEY_RESOLVER, hashConnectorKey, type ConnectorKeyResolver } from '../auth/connector-key';
import type { Principal } from '../auth/principal';
import { schemaPipe } from '../errors/validate-body';
import { HealthRegistry } from '../health/health.registry';
import { currentCorrelationId } from '../logging/correlation-context';
import { PlatformModule } from '../platform.module';
import { SERVICE_CONFIG } from '../platform.options';

export const SAMPLE_CONNECTOR_KEY = 'csk_sample-connector-key-for-tests-0000000000';

/** Flip to make `/health/ready` fail. */
export const sampleHealth = { dependencyUp: true };

const CreateThing = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    priority: Type.Unsafe<'low' | 'high'>({ type: 'string', enum: ['low', 'high'] }),
    owner: Type.Optional(Type.Object({ email: Type.String({ format: 'email' }) })),
  },
  { additionalProperties: false },
);

class ThingNotFound extends Error {
  readonly code = 'THING.NOT_FOUND';
}

class ConcurrencyError extends Error {
  readonly code = 'EVENT_STORE.CONCURRENCY';
}

@Public()
@Controller('v1/ping')
class PingController {
  private readonly logger = new Logger('Ping');

  @Get()
  ping(): { pong: true; correlationId?: string } {
    this.logger.log('pinged');
    return { pong: true, correlationId: currentCorrelationId() };
  }
}

@Controller('v1/things')
class ThingsController {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: { AUTH_JWT_ISSUER: string }) {}

  @Get('me')
  me(@CurrentPrincipal() principal: Principal): Principal & { issuer: string } {
    return { ...principal, issuer: this.config.AUTH_JWT_ISSUER };
  }

  @Post()
  @Roles('agent', 'lead')
  @HttpCode(201)
  create(@Body(schemaPipe(CreateThing)) body: Static<typeof CreateThing>): Static<typeof CreateThing> {
    return body;
  }

  @Post('upload')
  upload(@Body() body: unknown): { received: number } {
    return { received: JSON.stringify(body).length };
  }

  @Get('admin')
  @Roles('admin')
  admin(): { secret: string } {
    return { secret: 'for admins' };
  }

  @Get(':id')
  find(@Param('id') id: string): never {
    throw new ThingNotFound(`thing ${id} does not exist`);
  }

  @Post(':id/rename')
  rename(): never {
    throw new ConcurrencyError('thing-1 expected revision 3 but is at 4');
  }

  @Get('boom/now')
  boom(): never {
    throw new Error('connection to 10.1.2.3 refused: password authentication failed');
  }
}

class SampleHealthChecks implements OnModuleInit {
  constructor(@Inject(HealthRegistry) private readonly health: HealthRegistry) {}

  onModuleInit(): void {
    this.health.register('dependency', async () => ({ ok: sampleHealth.dependencyUp, detail: { up: sampleHealth.dependencyUp } }));
  }
}

const resolveConnectorKey: ConnectorKeyResolver = async (hash) =>
  hash === hashConnectorKey(SAMPLE_CONNECTOR_KEY) ? { connectorId: 'shop-1', scopes: ['cs.order.placed.v1'] } : undefined;

@Module({
  imports: [PlatformModule.forRoot({ serviceName: 'sample', version: '1.2.3', errorStatus: { 'THING.NOT_FOUND': 404 } })],
  controllers: [PingController, ThingsController],
  providers: [SampleHealthChecks, { provide: CONNECTOR_KEY_RESOLVER, useValue: resolveConnectorKey }],
})
export class SampleServiceModule {}

/** The same controllers without a connector key resolver (a service that accepts people only). */
@Module({
  imports: [PlatformModule.forRoot({ serviceName: 'people-only', version: '1.0.0' })],
  controllers: [ThingsController],
})
export class PeopleOnlyModule {}

@Module({ controllers: [PingController] })
export class WithoutPlatformModule {}
