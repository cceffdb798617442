import { derivedId } from '@csp/contracts';
import type { BackgroundWorker } from '@csp/platform-nest';
import type { DeadlineHandler, DeadlineStore, FiredDeadline } from '@csp/scheduler';
import type { DataSource } from 'typeorm';
import type { CustomerCare } from './customer-care';

export const DAILY_KIND = 'profile-daily';
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
    return { [DAILY_KIND]: (d) => this.fire(d) };
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
    const cause = { id: derivedId('daily-care', occurrence) };
    let after: string | undefined;
    do {
      after = await this.dataSource.transaction((m) => this.care.reviewAll(m, cause, { health: true }, after ?? null));
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
