import { derivedId } from '@csp/contracts';
import type { DeadlineHandler, DeadlineStore, FiredDeadline } from '@csp/scheduler';
import type { DataSource, EntityManager } from 'typeorm';
import { survivorOf } from '../customers/customer-refresh';
import { requestCareMessage } from './care-outbound';
import { birthdayOf, greetingTime, nextGreeting, zoneOf } from './birthday-time';

export const BIRTHDAY_KIND = 'profile-birthday';
interface BirthdayPayload { customerId: string; year: number; month: number; day: number }

/**
 * Birthday greetings on the durable scheduler: one deadline per customer and year (`birthday:<id>:<year>`, 09:00
 * in the customer's `timezone` trait, UTC without one). The message id derives from customer and year, so a
 * re-fired deadline or a re-planned one of the same year asks for the same message: one greeting a year.
 */
export class BirthdayGreetings {
  constructor(
    private readonly deadlines: DeadlineStore,
    private readonly dataSource: DataSource,
    /** Called when a greeting was asked for (the outbox relay's wake-up). */
    private readonly committed: () => void = () => undefined,
  ) {}

  handlers(): Record<string, DeadlineHandler> {
    return { [BIRTHDAY_KIND]: (d) => this.fire(d as FiredDeadline<BirthdayPayload>) };
  }

  /** Plans the next greeting of a customer whose traits carry a birthday (in the caller's transaction). */
  async plan(manager: EntityManager, customerId: string, traits: Record<string, unknown>, now: Date): Promise<void> {
    const birthday = birthdayOf(traits.birthday);
    if (!birthday) return; // a stale deadline finds no birthday when it fires and sends nothing
    const { year, at } = nextGreeting(birthday, zoneOf(traits.timezone), now);
    await this.schedule(manager, customerId, birthday, year, at);
  }

  /** Drops the customer's planned greetings (erasure: the deadline's payload holds the birthday). */
  async forget(manager: EntityManager, customerId: string): Promise<void> {
    await this.deadlines.cancelByPrefix(`birthday:${customerId}:`, manager);
  }

  private async schedule(manager: EntityManager, customerId: string, birthday: { month: number; day: number }, year: number, at: Date): Promise<void> {
    await this.deadlines.schedule({ id: `birthday:${customerId}:${year}`, kind: BIRTHDAY_KIND, dueAt: at, payload: { customerId, year, ...birthday } }, manager);
  }

  private async fire(deadline: FiredDeadline<BirthdayPayload>): Promise<void> {
    const { customerId, year, month, day } = deadline.payload;
    await this.dataSource.transaction(async (manager) => {
      // A merged-away id's survivor has its own deadline; a changed birthday was planned again.
      if ((await survivorOf(manager, customerId)) !== customerId) return;
      const [row]: { traits: Record<string, unknown>; name: string | null }[] = await manager.query('SELECT traits, name FROM customers WHERE id = $1', [customerId]);
      const birthday = birthdayOf(row?.traits.birthday);
      if (!row || birthday?.month !== month || birthday.day !== day) return;
      const [email]: { value: string }[] = await manager.query(
        `SELECT value FROM customer_identities WHERE customer_id = $1 AND kind = 'email' AND NOT shared ORDER BY value LIMIT 1`,
        [customerId],
      );
      if (email) {
        const name = typeof row.traits.name === 'string' ? row.traits.name : row.name;
        await requestCareMessage(manager, {
          messageId: derivedId('birthday-greeting', `${customerId}:${year}`), kind: 'care_message', channel: 'email', to: email.value, customerId,
          subject: 'Happy birthday!', body: `${name ? `Dear ${name}` : 'Hello'},\n\nall of us wish you a happy birthday!`, at: deadline.firedAt.toISOString(),
        });
      }
      // This year is done, however early or late it fired: next year's greeting.
      await this.schedule(manager, customerId, birthday, year + 1, greetingTime(birthday, year + 1, zoneOf(row.traits.timezone)));
    });
    this.committed();
  }
}
