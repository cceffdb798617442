import { type ClickHouseAnalyticsStore, createAnalyticsStore } from '@csp/clickhouse';
import { createTestChdbDir, type TestChdbDir } from '@csp/testing';
import { analystUserStatements } from './analyst-user-sql';

// chDB has no access storage to run these in, but its parser is ClickHouse's: EXPLAIN AST proves the syntax.
describe('production analyst user (analyst-user.sql) through the ClickHouse parser', () => {
  let data: TestChdbDir;
  let store: ClickHouseAnalyticsStore;

  beforeAll(async () => {
    data = createTestChdbDir();
    store = await createAnalyticsStore({ dataDir: data.dir });
  });
  afterAll(async () => {
    await store.close();
    data.cleanup();
  });

  it.each(analystUserStatements({ ANALYTICS_DATABASE: 'analytics', ANALYST_PASSWORD_SHA256: 'ab'.repeat(32) }))('parses %s', async (statement) => {
    const ast = (await store.queryRaw(`EXPLAIN AST ${statement}`)).body.toString();
    expect(ast).toMatch(/^(CreateSettingsProfileQuery|CreateRoleQuery|GrantQuery|CreateUserQuery|SetRoleQuery)/);
  });
});
