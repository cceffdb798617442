import type { EventStore } from '@csp/event-store';
import { EntityManager } from 'typeorm';

export interface Hotspot {
  what: string;
  calls: number;
  ms: number;
}

/** Where a run spent its time, statement by statement: filled by the wrappers below. */
export class Hotspots {
  private readonly byKey = new Map<string, Hotspot>();

  add(what: string, ms: number): void {
    const h = this.byKey.get(what) ?? { what, calls: 0, ms: 0 };
    h.calls++;
    h.ms += ms;
    this.byKey.set(what, h);
  }

  top(n: number): Hotspot[] {
    return [...this.byKey.values()].sort((a, b) => b.ms - a.ms).slice(0, n);
  }

  totalMs(): number {
    return [...this.byKey.values()].reduce((s, h) => s + h.ms, 0);
  }

  totalCalls(): number {
    return [...this.byKey.values()].reduce((s, h) => s + h.calls, 0);
  }
}

/** One line per statement shape: whitespace folded, cut so the table stays readable. */
export function statementKey(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 110 ? `${flat.slice(0, 107)}...` : flat;
}

/**
 * Times every `EntityManager.query` of the process (the projection and the runner use only that) until the
 * returned function is called. Measured around the real calls (a clock read each side), so it costs
 * microseconds against statements of tenths of milliseconds.
 */
export function timeQueries(into: Hotspots): () => void {
  const original = EntityManager.prototype.query;
  EntityManager.prototype.query = async function timed(this: EntityManager, query: string, parameters?: unknown[]) {
    const started = performance.now();
    try {
      return await original.call(this, query, parameters);
    } finally {
      into.add(statementKey(query), performance.now() - started);
    }
  } as typeof original;
  return () => {
    EntityManager.prototype.query = original;
  };
}

/** The store as the projection sees it, its appends and reads timed (announcements of merges and tiers). */
export function timedStore(store: EventStore, into: Hotspots): EventStore {
  const time = <T>(what: string, call: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    return call().finally(() => into.add(what, performance.now() - started));
  };
  return {
    append: (stream, events, options) => time('event store: append (announcement)', () => store.append(stream, events, options)),
    appendMany: (appends) => time('event store: appendMany', () => store.appendMany(appends)),
    readStream: (stream, options) => time('event store: readStream', () => store.readStream(stream, options)),
    readAll: (options) => store.readAll(options),
    subscribe: (options) => store.subscribe(options),
    close: () => store.close(),
  };
}
