import type { ClientBase, Submittable } from 'pg';

/**
 * `COPY ... FROM STDIN` with plain `pg` (pg-copy-streams is not a dependency): node-postgres hands the protocol
 * messages of the active query to any "submittable" object, the hook pg-copy-streams uses. On CopyInResponse the
 * whole text-format payload goes as one CopyData message, then CopyDone; CommandComplete carries the row count.
 * (The same idea as tools/bench/pg-copy-from.ts, which the benchmark's baseline uses; apps do not import tools.)
 */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

export type CopyValue = string | number | boolean | null | undefined;

/** One value in COPY text format: `\N` for NULL; backslash, tab, newline and carriage return escaped. */
export function copyText(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] ?? c);
}

/** A PostgreSQL array literal (`text[]`, `uuid[]`): every element quoted, so commas, braces and spaces are data. */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** One row in COPY text format (tab-separated, newline-terminated). */
export const copyRow = (values: readonly CopyValue[]): string => `${values.map(copyText).join('\t')}\n`;

/** Runs `COPY <table> (<columns>) FROM STDIN` with `payload` (COPY text rows) as its data; resolves with the row count. */
export function copyFrom(client: ClientBase, table: string, columns: readonly string[], payload: string): Promise<number> {
  const sql = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
  return new Promise((resolve, reject) => {
    let rows = 0;
    const copy = {
      /** As a query config has it, for whoever logs or times the client's statements. */
      text: sql,
      submit: (connection: CopyConnection) => connection.query(sql),
      handleCopyInResponse: (connection: CopyConnection) => {
        connection.sendCopyFromChunk(Buffer.from(payload, 'utf8'));
        connection.endCopyFrom();
      },
      handleCommandComplete: (message: { text?: string }) => {
        rows = Number(/^COPY (\d+)/.exec(message.text ?? '')?.[1] ?? 0);
      },
      // After an error the client detaches this query, so ReadyForQuery never reaches it: settle here.
      handleError: (error: Error) => reject(error),
      handleReadyForQuery: () => resolve(rows),
      handleCopyData: () => undefined,
      handleEmptyQuery: () => undefined,
      handleRowDescription: () => undefined,
      handleDataRow: () => undefined,
    };
    client.query(copy as unknown as Submittable);
  });
}

/** Rows of one table through COPY, `perStatement` rows per statement (a payload is built in memory). */
export async function copyRows<T>(
  client: ClientBase, table: string, columns: readonly string[], rows: readonly T[], valuesOf: (row: T) => readonly CopyValue[], perStatement = 20_000,
): Promise<number> {
  let written = 0;
  for (let i = 0; i < rows.length; i += perStatement) {
    written += await copyFrom(client, table, columns, rows.slice(i, i + perStatement).map((r) => copyRow(valuesOf(r))).join(''));
  }
  if (written !== rows.length) throw new Error(`COPY into ${table} wrote ${written} of ${rows.length} rows`);
  return written;
}
