import { classifyStatement } from './statement-classifier';

const allowed = (sql: string) => expect(classifyStatement(sql)).toMatchObject({ allowed: true });
const refused = (sql: string, refusal: 'READONLY' | 'SYNTAX_ERROR' = 'READONLY') =>
  expect(classifyStatement(sql)).toMatchObject({ allowed: false, refusal });

describe('classifyStatement', () => {
  it.each([
    ['SELECT 1', 'SELECT'],
    ['  \n\t select count() from ticket_facts', 'SELECT'],
    ['-- a comment first\nSELECT 1', 'SELECT'],
    ['/* block */ WITH t AS (SELECT 1 AS x) SELECT x FROM t', 'WITH'],
    ['SELECT * FROM ((SELECT 1) UNION ALL (SELECT 2))', 'SELECT'],
    ['WITH u AS (SELECT 1 UNION ALL SELECT 2) SELECT * FROM u', 'WITH'],
    ['EXPLAIN SELECT 1 UNION ALL SELECT 2', 'EXPLAIN'],
    ['(SELECT 1)', 'SELECT'],
    ['SHOW TABLES', 'SHOW'],
    ['SHOW CREATE TABLE ticket_facts', 'SHOW'],
    ['DESC ticket_facts', 'DESCRIBE'],
    ['DESCRIBE TABLE ticket_facts', 'DESCRIBE'],
    ['EXPLAIN PIPELINE SELECT 1', 'EXPLAIN'],
    ['EXISTS TABLE ticket_facts', 'EXISTS'],
  ])('allows %j as %s', (sql, kind) => {
    expect(classifyStatement(sql)).toMatchObject({ allowed: true, kind });
  });

  it.each([
    ['SELECT 1;', 'SELECT 1'],
    ['  -- why\n SELECT 1 /* inner */ + 2 ; -- done\n  ;', 'SELECT 1 /* inner */ + 2'],
    [';; SELECT 1 -- trailing', 'SELECT 1'],
  ])('gives %j as the statement alone: %j', (sql, statement) => {
    expect(classifyStatement(sql)).toEqual({ allowed: true, kind: 'SELECT', statement });
  });

  it.each([
    "SELECT 'INSERT INTO t VALUES (1); DROP TABLE t' AS text",
    'SELECT "drop", `insert` FROM t',
    "SELECT 1 -- ; DROP TABLE t\n",
    'SELECT 1 /* ALTER TABLE t DELETE WHERE 1 */',
    "SELECT 'it''s; SET readonly = 0'",
    "SELECT 'escaped \\' ; DROP TABLE t'",
    'SELECT name, value FROM system.settings',
    'SELECT created_at, inserted, settings_count FROM t',
    'SELECT {channel:String} AS channel',
  ])('sees through strings, quoted names and comments in %j', (sql) => allowed(sql));

  it.each([
    'INSERT INTO t VALUES (1)',
    'insert into t select 1',
    'ALTER TABLE t DELETE WHERE 1',
    'DROP TABLE t',
    'CREATE TABLE t (x UInt8) ENGINE = Memory',
    'SET readonly = 0',
    'TRUNCATE TABLE t',
    'OPTIMIZE TABLE t FINAL',
    'SYSTEM SHUTDOWN',
    'KILL QUERY WHERE 1',
    'GRANT ALL ON *.* TO analyst',
    'USE system',
    'WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x',
    'SELECT 1; DROP TABLE t',
    'SELECT 1;SELECT 2',
    "SELECT 1 /* ; */ ; INSERT INTO t VALUES (1)",
    'SELECT 1 SETTINGS readonly = 0',
    'SELECT count() FROM numbers(10) SETTINGS max_execution_time = 1000',
    "SELECT * FROM file('/etc/passwd', 'LineAsString')",
    "SELECT * FROM url('http://169.254.169.254/', 'LineAsString')",
    "SELECT * FROM remote('other:9000', system.one)",
    // A quoted function name is still a function call.
    "SELECT * FROM `url`('http://169.254.169.254/', 'LineAsString')",
    'SELECT * FROM "file"(\'/etc/passwd\', \'LineAsString\')',
    "DESCRIBE file('/etc/passwd')",
    "SELECT 1 INTO OUTFILE '/tmp/out.tsv'",
    '(CREATE TABLE t (x UInt8) ENGINE = Memory)',
    '(SHOW TABLES)',
    // Result limits do not apply to a top-level set operation.
    'SELECT 1 UNION ALL SELECT 2',
    '(SELECT 1) UNION ALL (SELECT 2)',
    'SELECT number FROM numbers(10) EXCEPT SELECT 1',
    'WITH 1 AS x SELECT x UNION DISTINCT SELECT 2',
  ])('refuses %j', (sql) => refused(sql));

  it.each([
    '',
    '  -- only a comment\n',
    ';',
    "SELECT 'unterminated",
    'SELECT 1 /* unterminated',
    'SELECT "unterminated',
    // On these the engine's lexer and ours could disagree about where a comment or string ends.
    'SELECT 1 /* /* */ ; DROP TABLE t -- */',
    'SELECT $$ ; DROP TABLE t $$',
    "SELECT $$'$$; DROP TABLE t; -- '",
    'SELECT 1 # ; DROP TABLE t',
  ])('refuses %j as not readable SQL', (sql) => refused(sql, 'SYNTAX_ERROR'));

  it('reports a FORMAT clause at the end of the statement, and only there', () => {
    expect(classifyStatement('SELECT 1 FORMAT JSONEachRow')).toMatchObject({ allowed: true, kind: 'SELECT', format: 'JSONEachRow' });
    expect(classifyStatement('select 1 format CSVWithNames;')).toMatchObject({ format: 'CSVWithNames' });
    expect(classifyStatement('SELECT format FROM t')).not.toHaveProperty('format');
    expect(classifyStatement('SELECT * FROM (SELECT 1 FORMAT CSV')).not.toHaveProperty('format');
  });
});
