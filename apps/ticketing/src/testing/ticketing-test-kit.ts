import { createTestApp, issueToken, openServiceResources, type PlatformRuntime, type Role, TEST_JWT_SECRET, testServiceConfig } from '@csp/platform-nest';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TicketingDeps } from '../ticketing.deps';
import { TICKETING_ENTITIES, TICKETING_MIGRATIONS, TICKETING_RELAY_ROUTES, TicketingModule } from '../ticketing.module';

export interface TicketingTestKit {
  app: NestFastifyApplication;
  runtime: PlatformRuntime;
  db: TestDatabase;
  /** A request with the bearer token of `who` (a role; the subject is `<role>-1` unless set in `subjects`). */
  call(method: 'GET' | 'PUT' | 'POST', url: string, body?: unknown, who?: Role, headers?: Record<string, string>): ReturnType<NestFastifyApplication['inject']>;
  /** Polls `read` until `check` holds (the workers trail the requests by a moment); fails saying `what`. */
  until<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T>;
  close(): Promise<void>;
}

/**
 * The whole ticketing service over a fresh database: PostgreSQL event store, log bus, every worker and the
 * scheduler, and the HTTP API (not listening; `call` injects). Tokens for every role.
 */
export async function openTicketingTestKit(
  name: string,
  options: { starterConfig?: TicketingDeps['starterConfig']; subjects?: Partial<Record<Role, string>> } = {},
): Promise<TicketingTestKit> {
  const db = await createTestDatabase(name);
  const config = testServiceConfig({ DATABASE_URL: db.url });
  const deps = await openServiceResources({
    serviceName: 'ticketing', config, schema: 'ticketing', entities: TICKETING_ENTITIES, migrations: TICKETING_MIGRATIONS, relayRoutes: TICKETING_RELAY_ROUTES,
  });
  const app = await createTestApp(TicketingModule.forRoot({ ...deps, starterConfig: options.starterConfig ?? 'none' }), { config });
  const tokens = new Map<Role, string>();
  for (const role of ['admin', 'manager', 'lead', 'agent', 'analyst'] as const) {
    tokens.set(role, await issueToken(TEST_JWT_SECRET, { subject: options.subjects?.[role] ?? `${role}-1`, roles: [role], issuer: 'csp', expiresIn: '1h' }));
  }
  return {
    app,
    runtime: deps.runtime,
    db,
    call: (method, url, body, who = 'admin', headers = {}) =>
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
