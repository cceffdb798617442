import type { Progress } from './bench-progress';
import { since } from './bench-report';
import { type HttpAnswer, HttpConnection, serialiseRequest } from './raw-http';

/** Request bodies sent to a server in this order, one each, never twice (every event id is new). */
export interface Load {
  /** e.g. http://127.0.0.1:3001 */
  baseUrl: string;
  path: string;
  headers: Record<string, string>;
  bodies: readonly Buffer[];
  /** Events in each body (1 for structured mode, the batch size for batch mode). */
  eventsPerBody: number;
  /** Give up on one request after this long (counted as an error). */
  timeoutSeconds: number;
  /** Send no new request after this long (a path too slow to get through all bodies in time); none if absent. */
  maxSeconds?: number;
}

/** What the server answered: the ingestion result of every 202, and everything that was not a 202. */
export interface Tally {
  responses: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Answers other than 202, by status code. */
  non202: Record<number, number>;
  /** No answer: connection errors and timeouts. */
  errors: number;
  /** 202 bodies that did not hold the expected result shape. */
  malformed: number;
  firstProblem?: string;
}

export function emptyTally(): Tally {
  return { responses: 0, accepted: 0, duplicates: 0, rejected: 0, non202: {}, errors: 0, malformed: 0 };
}

/** Adds one answer to the tally: a 202 carries `{ accepted, duplicates, rejected }` (arrays), as ingestion answers. */
export function tallyResponse(tally: Tally, status: number, body: string): void {
  tally.responses++;
  if (status !== 202) {
    tally.non202[status] = (tally.non202[status] ?? 0) + 1;
    tally.firstProblem ??= `${status}: ${body.slice(0, 300)}`;
    return;
  }
  let result: { accepted?: unknown; duplicates?: unknown; rejected?: unknown };
  try {
    result = JSON.parse(body) as typeof result;
  } catch {
    result = {};
  }
  if (!Array.isArray(result.accepted) || !Array.isArray(result.duplicates) || !Array.isArray(result.rejected)) {
    tally.malformed++;
    tally.firstProblem ??= `202 without a result: ${body.slice(0, 300)}`;
    return;
  }
  tally.accepted += result.accepted.length;
  tally.duplicates += result.duplicates.length;
  tally.rejected += result.rejected.length;
  if (result.duplicates.length + result.rejected.length > 0) tally.firstProblem ??= `202 with duplicates or rejections: ${body.slice(0, 300)}`;
}

export function noteError(tally: Tally, message: string): void {
  tally.errors++;
  tally.firstProblem ??= message;
}

/** Everything that went wrong in a run: non-202 answers, errors, malformed answers, duplicates, rejections. */
export function problems(t: Tally): number {
  return Object.values(t.non202).reduce((s, n) => s + n, 0) + t.errors + t.malformed + t.duplicates + t.rejected;
}

export interface LoadResult {
  tally: Tally;
  requests: number;
  /** Requests prepared; fewer were sent when the run hit its time limit. */
  planned: number;
  seconds: number;
  /** Latency of each answered request, ms. */
  latenciesMs: number[];
  /** Open loop only: how late requests left against their schedule (the load generator's own lag), ms. */
  sendLagMs?: number[];
}

/** A load with every request serialised, so that sending one is a single socket write. */
export interface PreparedLoad {
  load: Load;
  requests: Buffer[];
  connection(): HttpConnection;
}

/** Serialises every request of a load; call it before the clock (and the CPU readings) start. */
export function prepare(load: Load): PreparedLoad {
  const url = new URL(load.baseUrl);
  const target = { host: url.hostname, port: Number(url.port), path: load.path, headers: load.headers };
  return {
    load,
    requests: load.bodies.map((body) => serialiseRequest(target, body)),
    connection: () => new HttpConnection(target, load.timeoutSeconds * 1000),
  };
}

/** Records one request's outcome: the answer, or why there was none. */
function record(tally: Tally, outcome: PromiseSettledResult<HttpAnswer>): void {
  if (outcome.status === 'fulfilled') tallyResponse(tally, outcome.value.status, outcome.value.body);
  else noteError(tally, String((outcome.reason as Error)?.message ?? outcome.reason));
}

const settle = (p: Promise<HttpAnswer>): Promise<PromiseSettledResult<HttpAnswer>> =>
  p.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );

/**
 * Closed loop, as fast as the server answers: `connections` keep-alive connections, each sending its next
 * request as soon as the previous one is answered, until every body was sent once. Latency = from writing
 * the request to the end of its answer.
 */
export async function maxThroughput(prepared: PreparedLoad, connections: number, progress: Progress): Promise<LoadResult> {
  const { load, requests, connection } = prepared;
  const tally = emptyTally();
  const latenciesMs: number[] = [];
  let next = 0;
  const started = performance.now();
  const budgetMs = (load.maxSeconds ?? Number.POSITIVE_INFINITY) * 1000;
  await Promise.all(
    Array.from({ length: Math.min(connections, requests.length) }, async () => {
      const conn = connection();
      try {
        while (next < requests.length && since(started) < budgetMs) {
          const request = requests[next++];
          const sent = performance.now();
          const outcome = await settle(conn.send(request));
          if (outcome.status === 'fulfilled') latenciesMs.push(since(sent));
          record(tally, outcome);
          progress.increment(load.eventsPerBody);
        }
      } finally {
        conn.close();
      }
    }),
  );
  return { tally, requests: next, planned: requests.length, seconds: since(started) / 1000, latenciesMs };
}

/**
 * Open loop at a fixed rate: request i is due at start + i / rate whatever the server does. It leaves on an
 * idle keep-alive connection (at most `connections`); when none is idle it waits for one, so a server that
 * falls behind finds the requests queued. Latency is measured from the time the request was due, so a stall
 * of the server shows in every request it delays (no coordinated omission).
 */
export async function fixedRate(prepared: PreparedLoad, ratePerSecond: number, connections: number, progress: Progress): Promise<LoadResult> {
  const { load, requests, connection } = prepared;
  const tally = emptyTally();
  const latenciesMs: number[] = [];
  const sendLagMs: number[] = [];
  const idle: HttpConnection[] = [];
  const all: HttpConnection[] = [];
  const waiting: Array<(conn: HttpConnection) => void> = [];
  const acquire = (): Promise<HttpConnection> => {
    const conn = idle.pop() ?? (all.length < connections ? (all.push(connection()), all[all.length - 1]) : undefined);
    return conn ? Promise.resolve(conn) : new Promise((resolve) => waiting.push(resolve));
  };
  const release = (conn: HttpConnection) => {
    const waiter = waiting.shift();
    if (waiter) waiter(conn);
    else idle.push(conn);
  };
  const interval = 1000 / ratePerSecond;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  const one = async (i: number) => {
    const due = started + i * interval;
    sendLagMs.push(performance.now() - due); // the load generator's own lateness (timers, its CPU share)
    const conn = await acquire();
    const outcome = await settle(conn.send(requests[i]));
    if (outcome.status === 'fulfilled') latenciesMs.push(performance.now() - due);
    record(tally, outcome);
    progress.increment(load.eventsPerBody);
    release(conn);
  };
  const budgetMs = (load.maxSeconds ?? Number.POSITIVE_INFINITY) * 1000;
  let sent = 0;
  for (let i = 0; i < requests.length && since(started) < budgetMs; i++, sent++) {
    const wait = started + i * interval - performance.now();
    // Timers fire at 1 ms granularity at best: requests due within the next millisecond leave together.
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(one(i));
  }
  await Promise.all(inFlight);
  for (const conn of all) conn.close();
  return { tally, requests: sent, planned: requests.length, seconds: since(started) / 1000, latenciesMs, sendLagMs };
}
