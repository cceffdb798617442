import { issueToken, loadConfig, TEST_JWT_SECRET } from '@csp/platform-nest';
import { AnalystSqlConfig, openAnalystSql } from './analyst-sql.config';
import { type AnalystSqlFixture, basicAuth, openAnalystSqlFixture } from './testing/analyst-sql.fixture';

describe('analyst SQL configuration', () => {
  it('defaults to enabled on 127.0.0.1:8123 and reads the environment', () => {
    expect(loadConfig(AnalystSqlConfig, {})).toEqual({ ANALYST_SQL_ENABLED: true, ANALYST_SQL_PORT: 8123, ANALYST_SQL_HOST: '127.0.0.1' });
    expect(loadConfig(AnalystSqlConfig, { ANALYST_SQL_ENABLED: 'false', ANALYST_SQL_PORT: '9123' })).toMatchObject({
      ANALYST_SQL_ENABLED: false,
      ANALYST_SQL_PORT: 9123,
    });
  });

  describe('openAnalystSql', () => {
    let fixture: AnalystSqlFixture;
    const config = { ...loadConfig(AnalystSqlConfig, { ANALYST_SQL_PORT: '0' }), AUTH_JWT_SECRET: TEST_JWT_SECRET, AUTH_JWT_ISSUER: 'csp', LOG_LEVEL: 'fatal' as const };

    beforeAll(async () => {
      fixture = await openAnalystSqlFixture();
    });
    afterAll(async () => fixture?.close());

    it('serves the endpoint with the service’s token secret and issuer', async () => {
      const server = await openAnalystSql(config, fixture.store);
      try {
        const token = await issueToken(TEST_JWT_SECRET, { subject: 'ana', roles: ['analyst'], issuer: 'csp', expiresIn: 60 });
        const response = await fetch(`${server?.url}/?query=SELECT+count()+FROM+demo_facts`, { headers: { authorization: basicAuth('analyst', token) } });
        expect(await response.text()).toBe('3\n');
        const otherIssuer = await issueToken(TEST_JWT_SECRET, { subject: 'ana', roles: ['analyst'], issuer: 'elsewhere', expiresIn: 60 });
        expect((await fetch(`${server?.url}/?query=SELECT+1`, { headers: { authorization: `Bearer ${otherIssuer}` } })).status).toBe(401);
      } finally {
        await server?.close();
      }
    });

    it('serves nothing when disabled', async () => {
      expect(await openAnalystSql({ ...config, ANALYST_SQL_ENABLED: false }, fixture.store)).toBeUndefined();
    });
  });
});
