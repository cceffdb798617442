import { join } from 'node:path';
import { categoriesOf } from '../event-log-pages';
import type { ReplayTarget } from '../replay-target';
import { ANALYTICS_TOPICS } from './analytics-app';
import { replayAnalytics } from './analytics-replay';
import { ChdbLockedError, chdbLockHolder } from './chdb-lock';
import { openRebuildDatabases } from './rebuild-database';

const int = new Intl.NumberFormat('en-US');

export const analyticsTarget: ReplayTarget = {
  name: 'analytics',
  description:
    'Recreates the analytics ClickHouse tables (facts and aggregates) from the event store, into fresh tables ' +
    'that replace the live ones only once complete.',
  env: {
    CLICKHOUSE_URL: 'a ClickHouse server; without it, chDB at CLICKHOUSE_DATA_DIR',
    CLICKHOUSE_USER: 'ClickHouse user',
    CLICKHOUSE_PASSWORD: 'ClickHouse password',
    CLICKHOUSE_DATABASE: 'ClickHouse database (server only)',
    CLICKHOUSE_DATA_DIR: 'chDB data directory (default <data-dir>/chdb, i.e. .data/chdb like the service)',
  },
  async run({ events, countEvents, progress, env, pageSize, dataDir }) {
    const chdbDir = env['CLICKHOUSE_DATA_DIR'] ?? join(dataDir, 'chdb');
    const clickhouse = await openRebuildDatabases({
      url: env['CLICKHOUSE_URL'],
      username: env['CLICKHOUSE_USER'],
      password: env['CLICKHOUSE_PASSWORD'],
      database: env['CLICKHOUSE_DATABASE'],
      dataDir: chdbDir,
    }).catch((error: unknown) => {
      const holder = env['CLICKHOUSE_URL'] ? undefined : chdbLockHolder(chdbDir);
      throw holder ? new ChdbLockedError(chdbDir, holder, { cause: error }) : error;
    });
    try {
      progress.start(await countEvents(categoriesOf(ANALYTICS_TOPICS)));
      const summary = await replayAnalytics({ events, clickhouse, pageSize, onProgress: (done) => progress.update(done) });
      progress.stop();
      const where = env['CLICKHOUSE_URL'] ? `${env['CLICKHOUSE_URL']} (${clickhouse.liveDb})` : `chDB at ${chdbDir}`;
      return [
        `analytics rebuilt in ${where}: ${int.format(summary.events)} events in ${summary.seconds.toFixed(1)} s ` +
          `(${int.format(Math.round(summary.events / Math.max(summary.seconds, 0.001)))} events/s)` +
          (summary.caughtUp ? `, ${int.format(summary.caughtUp)} of them appended during the rebuild` : ''),
        ...Object.entries(summary.rows).map(([table, n]) => `  ${table.padEnd(26)} ${int.format(n).padStart(12)} rows`),
      ];
    } finally {
      progress.stop();
      await clickhouse.close();
    }
  },
  explain(error) {
    if (!(error instanceof ChdbLockedError) && !/Cannot lock file/i.test(messages(error))) return undefined;
    const who = error instanceof ChdbLockedError ? `process ${error.pid}, ` : '';
    return (
      `the chDB data directory is in use by another process (${who}most likely the running analytics service or npm start). ` +
      'Stop the analytics service first (chDB allows one process per directory), then run the replay again.'
    );
  },
};

/** The error's message and its causes' (chDB's reason, "Cannot lock file ...", is in the cause). */
function messages(error: unknown): string {
  const parts: string[] = [];
  // Duck-typed: the native engine's errors may come from another realm (jest's sandbox), failing instanceof.
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const { message, cause } = typeof e === 'object' ? (e as { message?: unknown; cause?: unknown }) : { message: e, cause: undefined };
    parts.push(String(message));
    e = cause;
  }
  return parts.join(' | ');
}
