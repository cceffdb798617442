import { copyFrom as copyFromStdin, copyTextRow, type CopyValue } from '@csp/projections';
import type { ClientBase } from 'pg';

/** A PostgreSQL array literal (`text[]`, `uuid[]`): every element quoted, so commas, braces and spaces are data. */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** Runs `COPY <table> (<columns>) FROM STDIN` with `payload` (COPY text rows) as its data; resolves with the row count. */
export function copyFrom(client: ClientBase, table: string, columns: readonly string[], payload: string): Promise<number> {
  return copyFromStdin(client, `COPY ${table} (${columns.join(', ')}) FROM STDIN`, payload);
}

/** Rows of one table through COPY, `perStatement` rows per statement (a payload is built in memory). */
export async function copyRows<T>(
  client: ClientBase, table: string, columns: readonly string[], rows: readonly T[], valuesOf: (row: T) => readonly CopyValue[], perStatement = 20_000,
): Promise<number> {
  let written = 0;
  for (let i = 0; i < rows.length; i += perStatement) {
    written += await copyFrom(client, table, columns, rows.slice(i, i + perStatement).map((r) => copyTextRow(valuesOf(r))).join(''));
  }
  if (written !== rows.length) throw new Error(`COPY into ${table} wrote ${written} of ${rows.length} rows`);
  return written;
}
