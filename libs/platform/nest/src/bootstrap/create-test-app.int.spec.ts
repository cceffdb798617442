import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { issueToken } from '../auth/jwt';
import { PeopleOnlyModule, SAMPLE_CONNECTOR_KEY, SampleServiceModule, WithoutPlatformModule } from '../testing/sample-service.fixture';
import { createTestApp, TEST_JWT_SECRET, testServiceConfig } from './create-test-app';

const agentToken = () => issueToken(TEST_JWT_SECRET, { subject: 'agent-7', roles: ['agent'], issuer: 'csp', expiresIn: 300 });

describe('createTestApp', () => {
  const apps: NestFastifyApplication[] = [];
  afterAll(() => Promise.all(apps.map((app) => app.close())));

  async function testApp(...args: Parameters<typeof createTestApp>): Promise<NestFastifyApplication> {
    const app = await createTestApp(...args);
    apps.push(app);
    return app;
  }

  it('builds the service for app.inject, with the platform endpoints and the auth guard', async () => {
    const app = await testApp(SampleServiceModule);
    expect((await app.inject({ method: 'GET', url: '/health/live' })).json()).toMatchObject({ status: 'ok', service: 'sample' });
    const unauthorized = await app.inject({ method: 'GET', url: '/v1/things/me' });
    expect(unauthorized.statusCode).toBe(401);
    expect(unauthorized.headers['content-type']).toContain('application/problem+json');
    const me = await app.inject({ method: 'GET', url: '/v1/things/me', headers: { authorization: `Bearer ${await agentToken()}` } });
    expect(me.json()).toEqual({ subject: 'agent-7', roles: ['agent'], kind: 'person', issuer: 'csp' });
  });

  it('provides the config to the app under SERVICE_CONFIG', async () => {
    const app = await testApp(SampleServiceModule, { config: testServiceConfig({ AUTH_JWT_ISSUER: 'other-issuer' }) });
    const token = await issueToken(TEST_JWT_SECRET, { subject: 'u', roles: ['admin'], issuer: 'other-issuer', expiresIn: '1m' });
    const me = await app.inject({ method: 'GET', url: '/v1/things/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toMatchObject({ subject: 'u', issuer: 'other-issuer' });
    const wrongIssuer = await app.inject({ method: 'GET', url: '/v1/things/me', headers: { authorization: `Bearer ${await agentToken()}` } });
    expect(wrongIssuer.statusCode).toBe(401);
  });

  it('refuses connector keys when the app provides no resolver', async () => {
    const app = await testApp(PeopleOnlyModule);
    const response = await app.inject({ method: 'GET', url: '/v1/things/me', headers: { authorization: `Bearer ${SAMPLE_CONNECTOR_KEY}` } });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ detail: 'connector keys are not accepted by this service' });
  });

  it('parses extra JSON media types (CloudEvents) and keeps the raw body when asked', async () => {
    const rawBodies: unknown[] = [];
    const app = await testApp(SampleServiceModule, {
      jsonMediaTypes: ['application/cloudevents+json'],
      rawBody: true,
      configure: (a) => {
        a.getHttpAdapter()
          .getInstance()
          .addHook('preHandler', (request, _reply, done) => {
            rawBodies.push((request as { rawBody?: unknown }).rawBody);
            done();
          });
      },
    });
    const post = async (payload: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/things/upload',
        headers: { authorization: `Bearer ${await agentToken()}`, 'content-type': 'application/cloudevents+json' },
        payload,
      });
    const accepted = await post('{"specversion":"1.0"}');
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toEqual({ received: '{"specversion":"1.0"}'.length });
    expect(String(rawBodies[0])).toBe('{"specversion":"1.0"}');
    const broken = await post('{"specversion":');
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ code: 'BAD_REQUEST', detail: expect.stringContaining('not valid JSON') });
    expect((await post('{"__proto__":{"admin":true}}')).statusCode).toBe(400);
  });

  it('listens on a random local port when asked', async () => {
    const app = await testApp(SampleServiceModule, { listen: true });
    const url = await app.getUrl();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
  });

  it('says what is missing when the root module does not import PlatformModule', async () => {
    await expect(createTestApp(WithoutPlatformModule)).rejects.toThrow(/PlatformModule/);
  });
});
