import type { ClientBase, Submittable } from 'pg';

/**
 * `COPY ... FROM STDIN` with plain `pg` (pg-copy-streams is not installed): the set-based rebuild writes its
 * tables with it, and the benchmarks' COPY baselines use it. node-postgres accepts any
 * "submittable" object in `client.query()` and forwards the protocol messages of the active query to it,
 * the same hook pg-copy-streams uses: on CopyInResponse we send the whole text-format payload as one
 * CopyData message, then CopyDone; CommandComplete carries the row count.
 */

/** The parts of pg's (untyped) Connection that the COPY sub-protocol needs. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

export type CopyValue = string | number | bigint | boolean | null | undefined;

/** One value in COPY text format: `\N` for NULL (and undefined); booleans `t`/`f`; backslash, tab, newline and carriage return escaped. */
export function copyTextValue(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] ?? c);
}

/** One row in COPY text format (tab-separated, newline-terminated). */
export function copyTextRow(values: readonly CopyValue[]): string {
  return `${values.map(copyTextValue).join('\t')}\n`;
}

/** Runs `sql` (a `COPY <table> (<columns>) FROM STDIN`) with `payload` as its data; resolves with the row count. */
export function copyFrom(client: ClientBase, sql: string, payload: string): Promise<number> {
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
