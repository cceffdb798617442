import { SqlLexError, type SqlToken, tokenize } from './sql-tokens';

export type ReadStatementKind = 'SELECT' | 'WITH' | 'SHOW' | 'DESCRIBE' | 'EXPLAIN' | 'EXISTS';

export type StatementVerdict =
  | {
      allowed: true;
      kind: ReadStatementKind;
      /**
       * The statement alone, from its first token to its last: without the comments and `;` around it, so a
       * SETTINGS clause appended to it cannot end up in a comment or in a statement of its own.
       */
      statement: string;
      /** The statement's own `FORMAT` clause, if any. */
      format?: string;
    }
  | { allowed: false; refusal: 'READONLY' | 'SYNTAX_ERROR'; reason: string };

const READ_STATEMENTS: Record<string, ReadStatementKind> = {
  SELECT: 'SELECT',
  WITH: 'WITH',
  SHOW: 'SHOW',
  DESCRIBE: 'DESCRIBE',
  DESC: 'DESCRIBE',
  EXPLAIN: 'EXPLAIN',
  EXISTS: 'EXISTS',
};

/** Words that start or belong to statements changing data, schema, access or the server; refused anywhere. */
const WRITING_WORDS = new Set(
  ['INSERT', 'ALTER', 'DROP', 'CREATE', 'ATTACH', 'DETACH', 'RENAME', 'TRUNCATE', 'OPTIMIZE', 'GRANT', 'REVOKE', 'KILL']
    .concat(['UPDATE', 'DELETE', 'UNDROP', 'EXCHANGE', 'MOVE', 'BACKUP', 'RESTORE', 'SYSTEM', 'SET', 'USE', 'OUTFILE', 'INFILE']),
);

/** Table functions that reach files, URLs, other servers or programs instead of the analytics store. */
const EXTERNAL_TABLE_FUNCTIONS = new Set(
  ['file', 'filecluster', 'url', 'urlcluster', 's3', 's3cluster', 'gcs', 'oss', 'cosn', 'hdfs', 'hdfscluster', 'input']
    .concat(['azureblobstorage', 'azureblobstoragecluster', 'remote', 'remotesecure', 'cluster', 'clusterallreplicas'])
    .concat(['mysql', 'postgresql', 'sqlite', 'mongodb', 'redis', 'jdbc', 'odbc', 'executable', 'iceberg', 'deltalake', 'hudi']),
);

/**
 * Decides whether a statement only reads: one statement (a trailing `;` is fine), starting with SELECT, WITH,
 * SHOW, DESCRIBE, EXPLAIN or EXISTS, with no writing keyword anywhere outside strings, quoted identifiers and
 * comments, no `SETTINGS` clause (the endpoint's limits are not the caller's to change), no `INTO OUTFILE` and
 * no table function that reaches outside the store. The engine's own `readonly` setting checks again.
 */
export function classifyStatement(sql: string): StatementVerdict {
  let tokens: SqlToken[];
  try {
    tokens = tokenize(sql);
  } catch (error) {
    if (error instanceof SqlLexError) return { allowed: false, refusal: 'SYNTAX_ERROR', reason: error.message };
    throw error;
  }
  const statements = splitStatements(tokens);
  if (statements.length === 0) return { allowed: false, refusal: 'SYNTAX_ERROR', reason: 'Empty query' };
  if (statements.length > 1) return refuse('only one statement may run per request; remove the statements after the first `;`');
  const statement = statements[0];
  const first = statement.find((token) => token.text !== '(');
  const kind = first?.kind === 'word' ? READ_STATEMENTS[first.upper] : undefined;
  if (!kind || (statement[0].text === '(' && kind !== 'SELECT' && kind !== 'WITH')) {
    return refuse(`only SELECT, WITH, SHOW, DESCRIBE, EXPLAIN and EXISTS may run here, not ${first?.text ?? 'this statement'}`);
  }
  const forbidden = findForbidden(statement) ?? ((kind === 'SELECT' || kind === 'WITH') && topLevelSetOperation(statement));
  if (forbidden) return refuse(forbidden);
  const text = sql.slice(statement[0].start, statement[statement.length - 1].end);
  const format = formatClause(statement);
  return format ? { allowed: true, kind, statement: text, format } : { allowed: true, kind, statement: text };
}

function refuse(reason: string): StatementVerdict {
  return { allowed: false, refusal: 'READONLY', reason };
}

function splitStatements(tokens: readonly SqlToken[]): SqlToken[][] {
  const statements: SqlToken[][] = [[]];
  for (const token of tokens) {
    if (token.kind === 'punct' && token.text === ';') statements.push([]);
    else statements[statements.length - 1].push(token);
  }
  return statements.filter((statement) => statement.length > 0);
}

function findForbidden(tokens: readonly SqlToken[]): string | undefined {
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    const previous = tokens[i - 1];
    const next = tokens[i + 1];
    // ClickHouse accepts a quoted function name (`url`(…), "file"(…)): the names checked below must not hide.
    if (token.kind === 'quoted-identifier' && next?.text === '(') return 'quoted function names are not accepted: write the function name unquoted';
    if (token.kind !== 'word') continue;
    // A part of a qualified name (`system.tables`, `t.settings`) is a name, not a keyword.
    if (previous?.text === '.' || next?.text === '.') continue;
    if (token.upper === 'SETTINGS') return 'SETTINGS clauses are not accepted: the limits are fixed (pass a stricter limit as a URL parameter)';
    if (token.upper === 'CREATE' && previous?.kind === 'word' && previous.upper === 'SHOW') continue;
    if (WRITING_WORDS.has(token.upper)) return `${token.upper} is not allowed: this endpoint is read-only`;
    if (next?.text === '(' && EXTERNAL_TABLE_FUNCTIONS.has(token.text.toLowerCase())) {
      return `the table function ${token.text}() is not allowed: only the analytics store may be read`;
    }
  }
  return undefined;
}

const SET_OPERATIONS = new Set(['UNION', 'EXCEPT', 'INTERSECT']);

/**
 * ClickHouse does not apply `max_result_rows`/`max_result_bytes` to a UNION or EXCEPT at the top of a statement
 * (measured on chDB 26.7: 101 rows through a limit of 10); inside `SELECT * FROM (…)` it does.
 */
function topLevelSetOperation(tokens: readonly SqlToken[]): string | undefined {
  let depth = 0;
  for (const token of tokens) {
    depth += token.text === '(' ? 1 : token.text === ')' ? -1 : 0;
    if (depth === 0 && token.kind === 'word' && SET_OPERATIONS.has(token.upper)) {
      return `a ${token.upper} at the top of a statement escapes the result limits; wrap it: SELECT * FROM (… ${token.upper} …)`;
    }
  }
  return undefined;
}

/** `… FORMAT Name` at the very end of the statement, outside parentheses. */
function formatClause(tokens: readonly SqlToken[]): string | undefined {
  const [keyword, name] = tokens.slice(-2);
  if (tokens.length < 3 || keyword.kind !== 'word' || keyword.upper !== 'FORMAT' || name.kind !== 'word') return undefined;
  let depth = 0;
  for (const token of tokens.slice(0, -2)) depth += token.text === '(' ? 1 : token.text === ')' ? -1 : 0;
  return depth === 0 ? name.text : undefined;
}
