import { derivedId } from '@csp/contracts';
import type { BackgroundWorker } from '@csp/platform-nest';
import type { DeadlineHandler, DeadlineStore, FiredDeadline } from '@csp/scheduler';
import type { DataSource, EntityManager } from 'typeorm';
import type { CustomerCare } from './customer-care';

export const DAILY_KIND = 'profile-daily';
/** The rest of a new segments document's review (see applyProfileConfig). */
export const SEGMENTS_REVIEW_KIND = 'profile-segments-review';
interface SegmentsReview { causeId: string; after: string }
/** Re-assessment runs at this UTC hour, when shops are quiet in most of Europe. */
export const DAILY_HOUR_UTC = 2;

/**
 * The daily re-assessment on the durable scheduler: recency signals ("no order for 95 days") and `withinDays`
 * segment conditions change with time alone. One deadline per day (`profile-daily:<date>`); events of a run
 * derive their ids from its occurrence, so a re-fired day appends nothing new. Starting the service plans the
 * next run when none is pending.
 */
export class DailyCare implements BackgroundWorker {
  readonly name = 'customer-profile-daily-care';

  constructor(
    private readonly dataSource: DataSource,
    private readonly deadlines: DeadlineStore,
    private readonly care: CustomerCare,
    /** Called after each committed page (the outbox relay's wake-up). */
    private readonly committed: () => void = () => undefined,
  ) {}

  handlers(): Record<string, DeadlineHandler> {
    return {
      [DAILY_KIND]: (d) => this.fire(d),
      [SEGMENTS_REVIEW_KIND]: ({ payload }) => {
        const { causeId, after } = payload as SegmentsReview;
        return this.review({ id: causeId }, { health: false }, after);
      },
    };
  }

  async start(): Promise<void> {
    // Wall time, not the assessment clock: the scheduler compares due times with the database's clock.
    await this.planAfter(new Date());
  }

  async stop(): Promise<void> {
    // Nothing runs here: the scheduler fires the runs.
  }

  health() {
    return { alive: true };
  }

  /** Every surviving customer, a page per transaction. */
  async run(occurrence: string): Promise<void> {
    await this.review({ id: derivedId('daily-care', occurrence) }, { health: true }, null);
  }

  /** Plans the rest of a segments review in the projection's transaction (due at once; one per cause). */
  async continueReview(manager: EntityManager, causeId: string, after: string): Promise<void> {
    const payload: SegmentsReview = { causeId, after };
    await this.deadlines.schedule({ id: `segments-review:${causeId}`, kind: SEGMENTS_REVIEW_KIND, dueAt: new Date(), payload }, manager);
  }

  private async review(cause: { id: string }, what: { health: boolean }, from: string | null): Promise<void> {
    let after: string | null = from;
    do {
      const page: string | null = after;
      after = (await this.dataSource.transaction((m) => this.care.reviewAll(m, cause, what, page))) ?? null;
      this.committed();
    } while (after);
  }

  private async fire(deadline: FiredDeadline): Promise<void> {
    await this.run(deadline.occurrence);
    // After downtime the next run is the next one due from now, not one per missed day.
    await this.planAfter(new Date(Math.max(deadline.dueAt.getTime() + 1, Date.now())));
  }

  private async planAfter(now: Date): Promise<void> {
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), DAILY_HOUR_UTC));
    if (next.getTime() < now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
    const day = next.toISOString().slice(0, 10);
    await this.deadlines.schedule({ id: `profile-daily:${day}`, kind: DAILY_KIND, dueAt: next });
  }
}
