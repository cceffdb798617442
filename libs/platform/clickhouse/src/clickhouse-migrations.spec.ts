import { sortMigrations, splitSqlStatements } from './clickhouse-migrations';

describe('splitSqlStatements', () => {
  it('splits on lines ending with a semicolon and keeps multi-line statements whole', () => {
    const sql = [
      '-- facts of replies',
      'CREATE TABLE IF NOT EXISTS a (',
      '  id UInt64 -- the event id; unique',
      ') ENGINE = MergeTree ORDER BY id;',
      '',
      'ALTER TABLE a ADD COLUMN IF NOT EXISTS v String',
      ';',
      "INSERT INTO a VALUES (1, 'x;y');   ",
      '-- trailing comment;',
    ].join('\n');
    expect(splitSqlStatements(sql)).toEqual([
      '-- facts of replies\nCREATE TABLE IF NOT EXISTS a (\n  id UInt64 -- the event id; unique\n) ENGINE = MergeTree ORDER BY id',
      'ALTER TABLE a ADD COLUMN IF NOT EXISTS v String',
      "INSERT INTO a VALUES (1, 'x;y')",
    ]);
  });

  it('takes a last statement without a semicolon and drops empty ones', () => {
    expect(splitSqlStatements('SELECT 1;\n;\n\n  SELECT 2\n')).toEqual(['SELECT 1', 'SELECT 2']);
    expect(splitSqlStatements('-- nothing here\n\n')).toEqual([]);
  });
});

describe('sortMigrations', () => {
  const m = (version: string) => ({ version, name: `m${version}`, sql: '' });

  it('orders numeric versions as numbers', () => {
    expect(sortMigrations([m('10'), m('0002'), m('1')]).map((x) => x.version)).toEqual(['1', '0002', '10']);
  });

  it('refuses two migrations with one version', () => {
    expect(() => sortMigrations([m('0001'), m('0001')])).toThrow(expect.objectContaining({ code: 'ANALYTICS_STORE.MIGRATION_INVALID' }));
  });
});
