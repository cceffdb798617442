import type { OutboundDeliveryRecordedData, OutboundRequestedData } from '@csp/contracts';
import {
  createTestApp, CqrsModule, dataSourceResource, issueToken, openServiceResources, PlatformModule, TEST_JWT_SECRET, testServiceConfig,
  workerHostProviders,
} from '@csp/platform-nest';
import { ProjectionRunner } from '@csp/projections';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import { type DynamicModule, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { TICKETING_DEPS, type TicketingDeps } from '../../ticketing.deps';
import { outboundDeliveryWorkers } from '../delivery/outbound-delivery.workers';
import { OUTBOUND_ENTITIES, OUTBOUND_MIGRATIONS } from '../index';
import { type OutboundConfig, outboundConfigFrom } from '../outbound.config';
import { ListOutboundMessagesHandler } from '../outbound-messages/list-outbound-messages.query';
import { OutboundController } from '../outbound-messages/outbound.controller';
import { outboundMessagesProjection } from '../outbound-messages/outbound-messages.projection';

/** The outbound slice wired as the ticketing module wires it (its workers, projection and controller). */
@Module({})
class OutboundTestModule {
  static forRoot(deps: TicketingDeps, config: OutboundConfig): DynamicModule {
    return {
      module: OutboundTestModule,
      imports: [CqrsModule.forRoot(), PlatformModule.forRoot({ serviceName: 'ticketing', version: '0.0.0' })],
      controllers: [OutboundController],
      providers: [
        { provide: TICKETING_DEPS, useValue: deps },
        ListOutboundMessagesHandler,
        ...workerHostProviders(
          [...outboundDeliveryWorkers(deps, config), new ProjectionRunner(deps.dataSource, deps.runtime.bus, outboundMessagesProjection)],
          [deps.runtime, dataSourceResource(deps.dataSource)],
        ),
      ],
    };
  }
}

/** Fast retries for tests: 3 attempts, tens of milliseconds apart. */
const TEST_ENV = { OUTBOUND_MAX_ATTEMPTS: '3', OUTBOUND_RETRY_INITIAL_MS: '30', OUTBOUND_RETRY_MAX_MS: '120', OUTBOUND_POLL_MS: '25', OUTBOUND_TIMEOUT_MS: '2000' };

/** A request as the test appended it: with a customer and a ticket unless the test chose otherwise. */
export type TestRequest = OutboundRequestedData & { customerId: string; ticketId: string };

export interface OutboundTestKit {
  deps: TicketingDeps;
  app: NestFastifyApplication;
  /** Appends a request to `outbound-<messageId>` as ticketing does (partition key: the customer). */
  request(over: Partial<OutboundRequestedData> & Pick<OutboundRequestedData, 'channel' | 'to'>): Promise<TestRequest>;
  outcomes(messageId: string): Promise<OutboundDeliveryRecordedData[]>;
  /** GET with an agent's token (or the given one). */
  get(url: string, token?: string): ReturnType<NestFastifyApplication['inject']>;
  close(): Promise<void>;
}

/** A fresh database, the PostgreSQL event store and log bus, and the outbound slice on them. */
export async function openOutboundTestKit(name: string, env: Record<string, string>): Promise<OutboundTestKit> {
  const db: TestDatabase = await createTestDatabase(name);
  const config = testServiceConfig({ DATABASE_URL: db.url });
  const deps = await openServiceResources({
    serviceName: 'ticketing', config, schema: 'ticketing', entities: OUTBOUND_ENTITIES, migrations: OUTBOUND_MIGRATIONS, relayRoutes: {},
  });
  const app = await createTestApp(OutboundTestModule.forRoot(deps, outboundConfigFrom({ ...TEST_ENV, ...env })), { config });
  const agent = await issueToken(TEST_JWT_SECRET, { subject: 'agent-1', roles: ['agent'], issuer: 'csp', expiresIn: '1h' });
  return {
    deps,
    app,
    async request(over) {
      const data: TestRequest = {
        messageId: randomUUID(), kind: 'acknowledgement', subject: 'We got your request', body: 'Ticket #1 is open.', at: new Date().toISOString(),
        ...over, customerId: over.customerId ?? randomUUID(), ticketId: over.ticketId ?? randomUUID(),
      };
      await deps.runtime.store.append(
        `outbound-${data.messageId}`,
        [{ id: randomUUID(), type: 'cs.outbound.requested.v1', data, metadata: { partitionKey: data.customerId } }],
        { expectedRevision: 'no_stream' },
      );
      return data;
    },
    async outcomes(messageId) {
      const events = await deps.runtime.store.readStream(`outbound-${messageId}`);
      return events.filter((e) => e.type === 'cs.outbound.delivery-recorded.v1').map((e) => e.data as OutboundDeliveryRecordedData);
    },
    get: (url, token = agent) => app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} }),
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

/** Polls `probe` until it returns something truthy (or fails after `timeoutMs`). */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
