import { type CustomerRef, customerIdFor, eventIdFor } from '@csp/contracts';
import { createTestApp, issueToken, openServiceResources, type PlatformRuntime, type Role, TEST_JWT_SECRET, testServiceConfig } from '@csp/platform-nest';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { CustomerProfileDeps } from '../customer-profile.deps';
import { CustomerProfileModule, PROFILE_ENTITIES, PROFILE_MIGRATIONS, PROFILE_RELAY_ROUTES } from '../customer-profile.module';

export interface ProfileTestKit {
  app: NestFastifyApplication;
  db: TestDatabase;
  runtime: PlatformRuntime;
  /** Stores a connector event as ingestion would (stream `interaction-<customerId>`); returns its event id. */
  interact(type: string, customer: CustomerRef, time: string, data?: Record<string, unknown>): Promise<string>;
  call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, who?: Role, headers?: Record<string, string>): ReturnType<NestFastifyApplication['inject']>;
  /** Polls `read` until `check` holds (the projection trails the writes by a moment). */
  until<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T>;
  close(): Promise<void>;
}

/** The whole customer-profile service over a fresh database: PostgreSQL event store, log bus, projection, HTTP API. */
export async function openProfileTestKit(name: string, options: { care?: CustomerProfileDeps['care'] } = {}): Promise<ProfileTestKit> {
  const db: TestDatabase = await createTestDatabase(name);
  const config = testServiceConfig({ DATABASE_URL: db.url });
  const deps = await openServiceResources({
    serviceName: 'customer-profile', config, schema: 'customer_profile', entities: PROFILE_ENTITIES, migrations: PROFILE_MIGRATIONS, relayRoutes: PROFILE_RELAY_ROUTES,
  });
  const app = await createTestApp(CustomerProfileModule.forRoot({ ...deps, care: options.care }), { config });
  const tokens = new Map<Role, string>();
  for (const role of ['admin', 'manager', 'lead', 'agent', 'analyst'] as const) {
    tokens.set(role, await issueToken(TEST_JWT_SECRET, { subject: `${role}-1`, roles: [role], issuer: 'csp', expiresIn: '1h' }));
  }
  return {
    app,
    db,
    runtime: deps.runtime,
    async interact(type, customer, time, data = {}) {
      const id = eventIdFor('/test', randomUUID());
      const key = customerIdFor(customer);
      await deps.runtime.store.append(`interaction-${key}`, [{ id, type, data: { customer, ...data }, metadata: { source: '/test', occurredAt: time, partitionKey: key } }], { expectedRevision: 'any' });
      return id;
    },
    call: (method, url, body, who = 'lead', headers = {}) =>
      app.inject({
        method, url, payload: body === undefined ? undefined : JSON.stringify(body),
        headers: { authorization: `Bearer ${tokens.get(who)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      }),
    async until(read, check, what) {
      for (let i = 0; i < 250; i++) {
        const value = await read();
        if (check(value)) return value;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`${what} never happened: ${JSON.stringify(await read())}`);
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
