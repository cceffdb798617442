import { seededRandom } from '@csp/simulator';
import type { Pool } from 'pg';
import type { Progress } from './bench-progress';
import { HttpConnection } from './raw-http';
import { phoneSpelling } from './profile-phones';
import type { LookupTarget } from './profile-traffic';

/** One request of the API phase: what the service is asked, and the same question for the bare baseline. */
export interface ProfileRequest {
  path: string;
  bare: { sql: string; params: string[] };
}

export interface OpenLoopResult {
  requests: number;
  seconds: number;
  /** From the time the request was due to its answer (no coordinated omission), ms. */
  latenciesMs: number[];
  /** Answers by HTTP status (the bare path: 200 found, 404 not found, 0 error). */
  statuses: Record<number, number>;
  /** How late requests left against their schedule (the load generator's own lag), ms. */
  sendLagMs: number[];
  firstProblem?: string;
}

// The minimal index lookups that answer the same questions: the identifier's row, then the customer row.
const BARE_LOOKUP = `SELECT c.id, c.name, c.traits, c.tier, c.tags, c.segments, c.merged_from FROM customer_profile.customer_identities i
  JOIN customer_profile.customers c ON c.id = i.customer_id WHERE i.kind = $1 AND i.value = $2`;
const BARE_BY_ID = `SELECT c.id, c.name, c.traits, c.tier, c.tags, c.segments, c.merged_from FROM customer_profile.customers c
  WHERE c.id = COALESCE((SELECT customer_id FROM customer_profile.customer_aliases WHERE alias_id = $1::uuid), $1::uuid)`;

/** Screen pops of random known customers: half by email, half by phone in one of four spellings. */
export function lookupRequests(targets: readonly LookupTarget[], count: number, seed: string): ProfileRequest[] {
  const rng = seededRandom(`${seed}-lookups`);
  const withPhone = targets.filter((t) => t.phone);
  const withEmail = targets.filter((t) => t.email);
  return Array.from({ length: count }, (_, i) => {
    if (i % 2 === 1 && withPhone.length) {
      const phone = rng.pick(withPhone).phone as string;
      return { path: `/v1/customers/lookup?phone=${encodeURIComponent(phoneSpelling(phone, rng.int(0, 3)))}`, bare: { sql: BARE_LOOKUP, params: ['phone', phone] } };
    }
    const email = rng.pick(withEmail).email as string;
    return { path: `/v1/customers/lookup?email=${encodeURIComponent(email)}`, bare: { sql: BARE_LOOKUP, params: ['email', email] } };
  });
}

/** 360 views of random known customer ids (some merged away: they answer with their survivor). */
export function byIdRequests(targets: readonly LookupTarget[], count: number, seed: string): ProfileRequest[] {
  const rng = seededRandom(`${seed}-by-id`);
  return Array.from({ length: count }, () => {
    const { id } = rng.pick(targets);
    return { path: `/v1/customers/${id}`, bare: { sql: BARE_BY_ID, params: [id] } };
  });
}

/**
 * Open loop at a fixed rate: request i is due at start + i / rate whatever the answers do; `call` runs it and
 * returns a status. A call waits for a free slot when `concurrency` are in flight, and its latency still
 * counts from its due time, so a stall shows in every request it delays.
 */
export async function openLoop(count: number, rate: number, concurrency: number, call: (i: number, slot: number) => Promise<number>, progress: Progress): Promise<OpenLoopResult> {
  const result: OpenLoopResult = { requests: 0, seconds: 0, latenciesMs: [], statuses: {}, sendLagMs: [] };
  const free = Array.from({ length: concurrency }, (_, slot) => slot);
  const waiting: Array<(slot: number) => void> = [];
  const acquire = () => (free.length ? Promise.resolve(free.pop() as number) : new Promise<number>((resolve) => waiting.push(resolve)));
  const release = (slot: number) => (waiting.length ? (waiting.shift() as (slot: number) => void)(slot) : free.push(slot));
  const interval = 1000 / rate;
  const started = performance.now();
  const one = async (i: number) => {
    const due = started + i * interval;
    result.sendLagMs.push(performance.now() - due);
    const slot = await acquire();
    let status = 0;
    try {
      status = await call(i, slot);
    } catch (error) {
      result.firstProblem ??= (error as Error).message;
    }
    result.latenciesMs.push(performance.now() - due);
    result.statuses[status] = (result.statuses[status] ?? 0) + 1;
    release(slot);
    progress.increment();
  };
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = started + i * interval - performance.now();
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(one(i));
  }
  await Promise.all(inFlight);
  progress.stop();
  result.requests = count;
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** The service over keep-alive connections (one per slot), GET requests serialised before the clock starts. */
export function httpCaller(port: number, authorization: string, requests: readonly ProfileRequest[], concurrency: number, problems: string[]) {
  const wire = requests.map((r) => Buffer.from(`GET ${r.path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nauthorization: ${authorization}\r\naccept: application/json\r\n\r\n`, 'latin1'));
  const connections = Array.from({ length: concurrency }, () => new HttpConnection({ host: '127.0.0.1', port }, 30_000));
  return {
    call: async (i: number, slot: number) => {
      const answer = await connections[slot].send(wire[i]);
      if (answer.status !== 200 && problems.length < 3) problems.push(`${answer.status} ${requests[i].path}: ${answer.body.slice(0, 200)}`);
      return answer.status;
    },
    close: () => connections.forEach((c) => c.close()),
  };
}

/** The bare baseline: the same questions as single pg queries on a pool of the service's size. */
export function pgCaller(pool: Pool, requests: readonly ProfileRequest[]) {
  return async (i: number) => {
    const { rows } = await pool.query(requests[i].bare.sql, requests[i].bare.params);
    return rows.length ? 200 : 404;
  };
}
