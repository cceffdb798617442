import type { BackgroundWorker } from '@csp/platform-nest';
import { Logger, type LoggerService } from '@nestjs/common';
import { describeFailure } from './adapters/delivery.errors';
import type { DeliveryQueue } from './delivery-queue';

export interface DeliveryDispatcherOptions {
  /** How often the queue is checked when nothing woke the dispatcher (due retries are found this way). */
  pollMs: number;
  /** Attempts in flight at once: a slow receiver holds up one slot, not the queue. */
  concurrency: number;
  /** How long a claim lasts: longer than any attempt can take (the adapters' timeouts). */
  leaseMs: number;
  /** Runs after the last delivery finished on stop (closes the adapters' connections). */
  onStopped?: () => Promise<void>;
  logger?: Pick<LoggerService, 'error'>;
}

/**
 * The loop that works the delivery queue: claims due messages into free slots, runs one attempt of each, and
 * sleeps until the next poll, a freed slot or `wake()` (a new request was queued). On stop it claims nothing
 * more and waits for the attempts in flight. A message whose attempt threw (the event store away)
 * stays claimed and comes back when its lease runs out, so nothing is lost and nothing spins.
 */
export class DeliveryDispatcher implements BackgroundWorker {
  readonly name = 'ticketing.outbound-dispatcher';
  private readonly abort = new AbortController();
  private loop?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  private woken = false;
  /** The last look filled every free slot (or found none): more may be due, so a freed slot looks again. */
  private slotsFull = false;
  private wakeUp?: () => void;
  private state: { alive: boolean; lastActivityAt?: Date; error?: string } = { alive: false };
  private readonly logger: Pick<LoggerService, 'error'>;

  constructor(
    private readonly queue: DeliveryQueue,
    private readonly deliver: (messageId: string) => Promise<void>,
    private readonly options: DeliveryDispatcherOptions,
  ) {
    this.logger = options.logger ?? new Logger('OutboundDispatcher');
  }

  async start(): Promise<void> {
    this.state = { alive: true };
    this.loop = this.run();
  }

  /** Something was queued: look now instead of at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  health() {
    return { ...this.state };
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wakeUp?.();
    await this.loop;
    this.state = { ...this.state, alive: false };
    await this.options.onStopped?.();
  }

  private async run(): Promise<void> {
    const { concurrency, leaseMs, pollMs } = this.options;
    while (!this.abort.signal.aborted) {
      this.woken = false;
      const free = concurrency - this.inFlight.size;
      let claimed: string[] = [];
      if (free > 0) {
        try {
          claimed = await this.queue.claimDue(free, leaseMs);
          for (const id of claimed) this.track(id);
          this.state = { alive: true, lastActivityAt: new Date() };
        } catch (error) {
          this.state = { ...this.state, alive: false, error: describeFailure(error) };
          this.logger.error(`outbound delivery queue: ${describeFailure(error)}`);
        }
      }
      // All free slots filled means more may be due already; otherwise wait for a poll, a wake-up or a free slot.
      const more = free > 0 && claimed.length === free;
      this.slotsFull = free === 0 || more;
      if (!more && !this.woken && !this.abort.signal.aborted) await this.sleep(pollMs);
    }
    await Promise.all(this.inFlight);
  }

  /**
   * Runs one attempt beside the others; a finished one frees its slot and wakes the loop when a message may be
   * waiting for a slot (otherwise the queue was found empty, and a new request wakes the loop itself: a look after
   * every delivery would double the queue's statements).
   */
  private track(messageId: string): void {
    const attempt = this.deliver(messageId)
      .catch((error) => this.logger.error(`delivery of outbound message ${messageId}: ${describeFailure(error)}`))
      .finally(() => {
        this.inFlight.delete(attempt);
        if (this.slotsFull) this.wake();
      });
    this.inFlight.add(attempt);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
