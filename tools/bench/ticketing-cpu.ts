import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Client } from 'pg';
import { cpuTicks } from './proc-memory';

/** CPU ticks (1/100 s) of one process or group over a window. */
export interface CpuRow {
  label: string;
  ticks: number;
}

/** How often the window samples `pg_stat_activity` and the backends' /proc times. */
const SAMPLE_MS = 25;
/** Statement texts are grouped by their first characters (whitespace collapsed). */
const STATEMENT_CHARS = 110;

export interface StatementSample {
  /** The service whose connection ran it. */
  owner: string;
  statement: string;
  /** Samples that caught it running (`state = 'active'`), out of `CpuWindowResult.samples`. */
  seen: number;
}

/** Counters of the bench database over the window (pg_stat_database, pg_stat_user_indexes). */
export interface DatabaseCounts {
  /** Transactions committed or rolled back, the window's own sampling queries left out: about one per statement. */
  transactions: number;
  /** Index scans per index of the event store's tables (a read of the log scans one index range per category). */
  eventStoreIndexScans: Array<{ index: string; scans: number }>;
}

export interface CpuWindowResult {
  windowSeconds: number;
  database: DatabaseCounts;
  /** The four services, then the PostgreSQL backends grouped by the service whose connection they serve. */
  cpu: CpuRow[];
  samples: number;
  /** Active statements by owner and text, most often seen first. */
  statements: StatementSample[];
}

interface Backend {
  owner: string;
  first: number;
  last: number;
}

/**
 * CPU of the four services and of the bench database's PostgreSQL backends (utime + stime from /proc), from
 * open to close. The backends are sampled every 25 ms, so a backend that a pool closes during the window still
 * counts up to its last sample; each is attributed to the service holding the other end of its TCP connection
 * (client_port -> socket inode -> the process with that fd). The same samples count the statements seen
 * running, a poor man's pg_stat_statements (not installed here): a statement's share of the samples is its share
 * of the time backends spent in statements, waits included.
 */
export class CpuWindow {
  private readonly backends = new Map<number, Backend>();
  private readonly statements = new Map<string, StatementSample>();
  private samples = 0;
  private sampling?: Promise<void>;
  private stopped = false;
  private readonly before: Map<number, number>;
  private countsBefore?: RawCounts;
  private readonly openedAt = performance.now();

  private constructor(
    private readonly services: Map<string, number>,
    private readonly client: Client,
  ) {
    this.before = readTicks([...services.values()]);
  }

  static async open(services: Map<string, number>, databaseUrl: string): Promise<CpuWindow> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const window = new CpuWindow(services, client);
    window.countsBefore = await readCounts(client);
    await window.sample();
    window.sampling = window.loop();
    return window;
  }

  async close(): Promise<CpuWindowResult> {
    this.stopped = true;
    await this.sampling;
    await this.sample();
    const windowSeconds = (performance.now() - this.openedAt) / 1000;
    const database = countsBetween(this.countsBefore as RawCounts, await readCounts(this.client), this.samples + 2);
    await this.client.end();
    const after = readTicks([...this.services.values()]);
    const cpu: CpuRow[] = [...this.services].map(([name, pid]) => ({ label: name, ticks: (after.get(pid) ?? 0) - (this.before.get(pid) ?? 0) }));
    const byOwner = new Map<string, number>();
    for (const b of this.backends.values()) byOwner.set(b.owner, (byOwner.get(b.owner) ?? 0) + b.last - b.first);
    for (const [owner, ticks] of [...byOwner].sort((a, b) => b[1] - a[1])) cpu.push({ label: `PostgreSQL backends of ${owner}`, ticks });
    const statements = [...this.statements.values()].sort((a, b) => b.seen - a.seen);
    return { windowSeconds, database, cpu, samples: this.samples, statements };
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
      await this.sample();
    }
  }

  private async sample(): Promise<void> {
    const { rows } = await this.client.query<{ pid: number; port: number | null; active: boolean; query: string }>(
      `SELECT pid, client_port AS port, state = 'active' AS active, query FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    this.samples++;
    const owners = rows.some((r) => !this.backends.has(r.pid)) ? socketOwners(this.services) : undefined;
    for (const r of rows) {
      const ticks = cpuTicks(r.pid);
      const known = this.backends.get(r.pid);
      // A backend first seen at the opening sample counts from there; one seen later started inside the window.
      const owner = known?.owner ?? (r.port === null ? 'unknown' : owners?.get(r.port) ?? 'unknown');
      this.backends.set(r.pid, { owner, first: known?.first ?? (this.samples === 1 ? ticks : 0), last: Math.max(ticks, known?.last ?? 0) });
      if (r.active) this.countStatement(owner, r.query);
    }
  }

  private countStatement(owner: string, query: string): void {
    const statement = query.replace(/\s+/g, ' ').trim().slice(0, STATEMENT_CHARS);
    const key = `${owner}\u0000${statement}`;
    const seen = this.statements.get(key) ?? { owner, statement, seen: 0 };
    seen.seen++;
    this.statements.set(key, seen);
  }
}

interface RawCounts {
  transactions: number;
  scans: Map<string, number>;
}

async function readCounts(client: Client): Promise<RawCounts> {
  // Statistics are flushed by backends when idle (at most once a second): read over a window of seconds.
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await client.query<{ transactions: string; scans: Record<string, number> | null }>(
    `SELECT (SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()) AS transactions,
            (SELECT json_object_agg(indexrelname, idx_scan) FROM pg_stat_user_indexes WHERE schemaname = 'eventstore') AS scans`,
  );
  return { transactions: Number(rows[0].transactions), scans: new Map(Object.entries(rows[0].scans ?? {}).map(([k, v]) => [k, Number(v)])) };
}

/** What happened between two readings; `own` = transactions of the window's own queries in between. */
function countsBetween(before: RawCounts, after: RawCounts, own: number): DatabaseCounts {
  return {
    transactions: after.transactions - before.transactions - own,
    eventStoreIndexScans: [...after.scans].map(([index, scans]) => ({ index, scans: scans - (before.scans.get(index) ?? 0) })).sort((a, b) => b.scans - a.scans),
  };
}

export function readTicks(pids: readonly number[]): Map<number, number> {
  return new Map(pids.map((pid) => [pid, cpuTicks(pid)]));
}

/** Local TCP port -> name of the process (a service, or this bench) that holds that socket. */
function socketOwners(services: Map<string, number>): Map<number, string> {
  const inodeOwner = new Map<string, string>();
  for (const [name, pid] of [...services, ['bench (observer)', process.pid] as const]) {
    for (const inode of socketInodes(pid)) inodeOwner.set(inode, name);
  }
  const owners = new Map<number, string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const { port, inode } of tcpSockets(file)) {
      const owner = inodeOwner.get(inode);
      if (owner) owners.set(port, owner);
    }
  }
  return owners;
}

function socketInodes(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/fd`)
      .map((fd) => {
        try {
          return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        } catch {
          return undefined; // closed meanwhile
        }
      })
      .filter((inode): inode is string => inode !== undefined);
  } catch {
    return []; // the process is gone
  }
}

function tcpSockets(file: string): Array<{ port: number; inode: string }> {
  try {
    return parseTcpSockets(readFileSync(file, 'utf8'));
  } catch {
    return []; // no IPv6 table
  }
}

/** Local port and inode of every socket in a /proc/net/tcp* table. */
export function parseTcpSockets(text: string): Array<{ port: number; inode: string }> {
  // "  sl  local_address rem_address   st tx_queue:rx_queue tr:tm->when retrnsmt   uid  timeout inode"
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length > 9)
    .map((cols) => ({ port: parseInt(cols[1].split(':')[1], 16), inode: cols[9] }));
}
