import { type AnalyticsStore, AnalyticsStoreError, createAnalyticsStore } from '@csp/clickhouse';

export interface ClickHouseTarget {
  /** A ClickHouse server; without it, chDB at `dataDir`. */
  url?: string;
  username?: string;
  password?: string;
  database?: string;
  dataDir?: string;
}

/**
 * The live analytics database and a scratch database beside it (`<live>_rebuild`) that a rebuild fills before
 * its tables are swapped in. Both backends keep unqualified table names working, so the migrations and the
 * projection write into the scratch database unchanged: a server gets a second client whose default database
 * is the scratch one; chDB (one session per data directory and process) switches its session with `USE`.
 */
export interface RebuildDatabases {
  live: AnalyticsStore;
  liveDb: string;
  rebuildDb: string;
  /** Runs `work` with a store whose unqualified tables are those of the scratch database. */
  inRebuild<T>(work: (store: AnalyticsStore) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export async function openRebuildDatabases(target: ClickHouseTarget): Promise<RebuildDatabases> {
  const live = await createAnalyticsStore(target);
  try {
    const [{ db }] = await live.query<{ db: string }>('SELECT currentDatabase() AS db');
    if (!IDENTIFIER.test(db)) throw new AnalyticsStoreError('ANALYTICS_STORE.CONFIG', `database name ${db} is not a plain identifier`);
    const rebuildDb = `${db}_rebuild`;
    const inRebuild = target.url
      ? async <T>(work: (store: AnalyticsStore) => Promise<T>) => {
          const scratch = await createAnalyticsStore({ ...target, database: rebuildDb });
          try {
            return await work(scratch);
          } finally {
            await scratch.close();
          }
        }
      : async <T>(work: (store: AnalyticsStore) => Promise<T>) => {
          await live.command(`USE ${rebuildDb}`);
          try {
            return await work(live);
          } finally {
            await live.command(`USE ${db}`);
          }
        };
    return { live, liveDb: db, rebuildDb, inRebuild, close: () => live.close() };
  } catch (error) {
    await live.close();
    throw error;
  }
}

/**
 * Swaps every table of the scratch database (not views: they name their tables, so the live ones read the
 * swapped data) into the live database. `EXCHANGE TABLES` is atomic per table and needs an Atomic database;
 * measured on chDB 3.4 it works there too. Where it is not supported, two renames in one statement do it.
 * Returns the tables swapped.
 */
export async function swapIntoLive(db: RebuildDatabases): Promise<string[]> {
  const tables = await db.live.query<{ name: string; live: number }>(
    `SELECT name, name IN (SELECT name FROM system.tables WHERE database = {live:String}) AS live
     FROM system.tables WHERE database = {rebuild:String} AND engine NOT IN ('View', 'MaterializedView') ORDER BY name`,
    { live: db.liveDb, rebuild: db.rebuildDb },
  );
  for (const { name, live } of tables) {
    if (!IDENTIFIER.test(name)) continue;
    const [fresh, current] = [`${db.rebuildDb}.${name}`, `${db.liveDb}.${name}`];
    if (!Number(live)) {
      await db.live.command(`RENAME TABLE ${fresh} TO ${current}`);
      continue;
    }
    try {
      await db.live.command(`EXCHANGE TABLES ${current} AND ${fresh}`);
    } catch (error) {
      if (!(error instanceof AnalyticsStoreError) || error.clickhouseCode !== 48) throw error;
      await db.live.command(`RENAME TABLE ${current} TO ${db.rebuildDb}.${name}__previous, ${fresh} TO ${current}`);
    }
  }
  return tables.map((t) => t.name);
}
