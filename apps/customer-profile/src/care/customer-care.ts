import { evolveSignals, type HealthSignals, type SignalEvent } from '@csp/customer-profile-domain';
import type { EntityManager } from 'typeorm';
import { isHealthFact, signalsFromFacts } from '../health/health-signals.store';
import { flushHealth, withPendingHealth } from '../health/health-writes';
import { CARE_COLUMNS, type CareRow, HEALTH_COLUMNS, type HealthRow, reassessHealth } from '../health/reassess-health';
import { currentSegments, evaluateSegments } from '../segments/evaluate-segments';
import { fieldsOf, mayMoveSegments } from '../segments/segment-relevance';
import type { BirthdayGreetings } from './birthday-greetings';

export interface CustomerCareOptions {
  /** The time assessments are made at (tests move it). */
  clock?: () => Date;
  /** The customer-success lead's address for risk alerts (`CUSTOMER_SUCCESS_LEAD_EMAIL`). */
  leadEmail?: string;
  /** Birthday greetings; without them nothing is planned (projection-only tests, benchmarks). */
  birthdays?: BirthdayGreetings;
  /**
   * Goes on with a new segments document's review after its first page, outside the event's transaction (the
   * service: DailyCare, on the scheduler). Without it every page runs in the event's transaction.
   */
  continueReview?: (manager: EntityManager, causeId: string, after: string) => Promise<void>;
}

/** What the projection tells after applying an event. */
export interface AfterEvent {
  /** The event's fact when it was new (a redelivered one is not folded twice). */
  fact?: SignalEvent;
  /** Identities moved: the signals are folded again from the customers' facts. */
  recompute: boolean;
  /** The row was recomputed (traits may have changed). */
  refreshed: boolean;
  /**
   * Rows of the customers already read and locked in this transaction (touchSeen and refreshCustomer return them);
   * an id mapped to undefined has no row.
   */
  rows?: ReadonlyMap<string, CareRow | undefined>;
  /** Signals already folded from the customers' facts in this transaction (refreshCustomer returns them). */
  signals?: ReadonlyMap<string, HealthSignals>;
}

/** Health, segments and birthdays of customers whose facts changed, inside the projection's transaction. */
export class CustomerCare {
  readonly clock: () => Date;

  constructor(private readonly options: CustomerCareOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
  }

  get continueReview() {
    return this.options.continueReview;
  }

  async afterEvent(manager: EntityManager, ids: readonly string[], cause: { id: string }, how: AfterEvent): Promise<void> {
    const now = this.clock();
    const segments = await currentSegments.get(manager);
    const fields = fieldsOf(segments);
    for (const id of ids) {
      // Locked like the daily review's rows: both decide health events against the previous assessment.
      const [stored]: (CareRow | undefined)[] = how.rows?.has(id) ? [how.rows.get(id)] : await manager.query(`SELECT ${CARE_COLUMNS} FROM customers WHERE id = $1 FOR UPDATE`, [id]);
      if (!stored) continue;
      const row = withPendingHealth(manager, stored);
      let signals = row.health_signals;
      let changed = true;
      if (how.recompute || !signals) signals = how.signals?.get(id) ?? (await signalsFromFacts(manager, id));
      else if (how.fact && isHealthFact(how.fact.type)) changed = (signals = evolveSignals(signals, how.fact)) !== row.health_signals;
      else changed = false;
      const healthMoved = changed && (await reassessHealth(manager, row, signals, now, cause, this.options));
      // A refreshed row may carry new traits, tags or tier; otherwise only facts of a kind some segment reads count.
      if (segments.length > 0 && (how.refreshed || how.recompute || mayMoveSegments(fields, how.fact?.type, healthMoved))) {
        await evaluateSegments(manager, id, segments, now, cause);
      }
      if (how.refreshed) await this.options.birthdays?.plan(manager, id, row.traits, now);
    }
  }

  /**
   * Every surviving customer again, in pages of one transaction each (the daily job: time alone moves recency
   * signals and `withinDays` conditions), or segments only (a new segments document, inside its event's
   * transaction). `cause.id` makes the events of one run deterministic.
   */
  async reviewAll(manager: EntityManager, cause: { id: string }, what: { health: boolean }, after: string | null = null): Promise<string | undefined> {
    const now = this.clock();
    const segments = await currentSegments.get(manager);
    await flushHealth(manager);
    const rows: (HealthRow & { segments: string[] })[] = await manager.query(
      `SELECT ${HEALTH_COLUMNS}, segments FROM customers WHERE ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT 200 FOR UPDATE`,
      [after],
    );
    for (const row of rows) {
      if (what.health) await reassessHealth(manager, row, row.health_signals ?? (await signalsFromFacts(manager, row.id)), now, cause, this.options);
      if (segments.length > 0 || row.segments.length > 0) await evaluateSegments(manager, row.id, segments, now, cause);
    }
    return rows.length === 200 ? rows[rows.length - 1].id : undefined;
  }
}
