import { type ClickHouseClient, createClient } from '@clickhouse/client';

// `moduleResolution: node` cannot see package `exports` subpaths: types from the file the export points at.
type ChdbConnectionModule = typeof import('chdb/dist/connection');
type ClientConnection = NonNullable<Parameters<typeof createClient>[0]>['connection'];

/**
 * The baseline: `@clickhouse/client` on a chDB connection of its own to the same data directory, with none of
 * AnalyticsStore's work (no token, no settings, no error translation). chDB lets one process open several
 * sessions on its one directory; each runs its statements one at a time.
 */
export async function openBareClient(dataDir: string): Promise<ClickHouseClient> {
  const moduleName = 'chdb/connection';
  const { createChdbConnection } = (await import(moduleName)) as ChdbConnectionModule;
  return createClient({ connection: createChdbConnection({ path: dataDir }) as unknown as ClientConnection });
}

/** Query parameters as AnalyticsStore binds them (dates as Unix seconds with milliseconds), for the same SQL. */
export function bareParams(params: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!params) return undefined;
  const encode = (value: unknown): unknown =>
    value instanceof Date ? (value.getTime() / 1000).toFixed(3) : Array.isArray(value) ? value.map(encode) : value;
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, encode(v)]));
}
