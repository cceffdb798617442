/**
 * A lexer for deciding what a statement is, never for running it. Wherever it might read a character
 * differently from ClickHouse's own lexer it refuses the text instead of guessing: a keyword the engine sees but
 * this lexer hides inside a "comment" or "string" would let a statement through unchecked. So `#` comments,
 * `$heredoc$` strings and nested block comments, on whose exact rules the two could differ, are refused.
 */
/** `start`/`end`: where the token sits in the text (end exclusive). */
export type SqlToken = { start: number; end: number } & (
  | { kind: 'word'; text: string; upper: string }
  | { kind: 'quoted-identifier' | 'string' | 'number' | 'punct'; text: string }
);

export class SqlLexError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} at position ${position}`);
    this.name = 'SqlLexError';
  }
}

const WHITESPACE = /[ \t\n\r\f\v]/;
// ClickHouse reads non-ASCII bytes as part of a bare word, so they are word characters here too.
const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_\u0080-\uffff]/;
const NUMBER = /^(?:0x[0-9a-f]+|0b[01]+|\d[\d_]*(?:\.\d*)?(?:e[+-]?\d+)?)/i;

export function tokenize(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (WHITESPACE.test(c)) i += 1;
    else if (c === '-' && next === '-') i = endOfLine(sql, i);
    else if (c === '/' && next === '*') i = endOfBlockComment(sql, i);
    else if (c === "'") i = pushQuoted(sql, i, 'string', tokens);
    else if (c === '"' || c === '`') i = pushQuoted(sql, i, 'quoted-identifier', tokens);
    else if (c === '#' || c === '$') throw new SqlLexError(`'${c}' is not accepted here (comment or heredoc rules differ between engines)`, i);
    else if (/\d/.test(c)) {
      const text = NUMBER.exec(sql.slice(i))?.[0] ?? c;
      tokens.push({ kind: 'number', text, start: i, end: i + text.length });
      i += text.length;
    } else if (WORD_START.test(c)) {
      let end = i + 1;
      while (end < sql.length && WORD_PART.test(sql[end])) end += 1;
      const text = sql.slice(i, end);
      tokens.push({ kind: 'word', text, upper: text.toUpperCase(), start: i, end });
      i = end;
    } else {
      tokens.push({ kind: 'punct', text: c, start: i, end: i + 1 });
      i += 1;
    }
  }
  return tokens;
}

function endOfLine(sql: string, start: number): number {
  const end = sql.indexOf('\n', start);
  return end === -1 ? sql.length : end + 1;
}

function endOfBlockComment(sql: string, start: number): number {
  const end = sql.indexOf('*/', start + 2);
  if (end === -1) throw new SqlLexError('unterminated comment', start);
  if (sql.slice(start + 2, end).includes('/*')) throw new SqlLexError('nested comments are not accepted', start);
  return end + 2;
}

/** A quoted run ends at its unescaped, undoubled closing quote; a backslash escapes any character. */
function pushQuoted(sql: string, start: number, kind: 'string' | 'quoted-identifier', tokens: SqlToken[]): number {
  const quote = sql[start];
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === '\\') i += 2;
    else if (sql[i] === quote && sql[i + 1] === quote) i += 2;
    else if (sql[i] === quote) {
      tokens.push({ kind, text: sql.slice(start, i + 1), start, end: i + 1 });
      return i + 1;
    } else i += 1;
  }
  throw new SqlLexError(kind === 'string' ? 'unterminated string' : 'unterminated quoted identifier', start);
}
