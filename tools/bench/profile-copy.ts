import type { ClientBase } from 'pg';
import { since } from './bench-report';
import { copyFrom, copyTextRow } from '@csp/projections';

/** One read-model table as COPY text payloads, ready before the clock starts. */
export interface TableDump {
  table: string;
  columns: string[];
  rows: number;
  /** COPY text format, `rowsPerCopy` rows each. */
  chunks: string[];
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The rows as PostgreSQL prints them (`col::text`), which is what COPY's text format reads back. */
export async function dumpTable(client: ClientBase, schema: string, table: string, rowsPerCopy: number): Promise<TableDump> {
  const { rows: cols } = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    [schema, table],
  );
  const columns = cols.map((c) => c.column_name);
  const { rows } = await client.query({ text: `SELECT ${columns.map((c) => `${q(c)}::text`).join(', ')} FROM ${q(schema)}.${q(table)}`, rowMode: 'array' });
  const chunks: string[] = [];
  for (let i = 0; i < rows.length; i += rowsPerCopy) {
    chunks.push(rows.slice(i, i + rowsPerCopy).map((r: (string | null)[]) => copyTextRow(r)).join(''));
  }
  return { table, columns, rows: rows.length, chunks };
}

export async function truncate(client: ClientBase, schema: string, tables: readonly string[]): Promise<void> {
  await client.query(`TRUNCATE ${tables.map((t) => `${q(schema)}.${q(t)}`).join(', ')}`);
}

export interface CopyResult {
  rows: number;
  statements: number;
  seconds: number;
  /** Per table: rows and seconds. */
  tables: { table: string; rows: number; seconds: number }[];
}

/** The bare baseline: the dumped rows back into the same (emptied, indexed) tables, one COPY per chunk. */
export async function copyBack(client: ClientBase, schema: string, dumps: readonly TableDump[]): Promise<CopyResult> {
  const result: CopyResult = { rows: 0, statements: 0, seconds: 0, tables: [] };
  const started = performance.now();
  for (const d of dumps) {
    const tableStarted = performance.now();
    let rows = 0;
    const sql = `COPY ${q(schema)}.${q(d.table)} (${d.columns.map(q).join(', ')}) FROM STDIN`;
    for (const chunk of d.chunks) {
      rows += await copyFrom(client, sql, chunk);
      result.statements++;
    }
    if (rows !== d.rows) throw new Error(`COPY into ${d.table} wrote ${rows} rows, the dump holds ${d.rows}`);
    result.rows += rows;
    result.tables.push({ table: d.table, rows, seconds: since(tableStarted) / 1000 });
  }
  result.seconds = since(started) / 1000;
  return result;
}
