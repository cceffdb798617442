/**
 * What the scheduler loop sleeps on: a timeout, or a kick (a handler finished, a notification arrived, stop).
 * A kick while nobody waits is remembered, so the next wait returns at once and no wake-up is lost.
 */
export class WakeSignal {
  private kicked = false;
  private waiter?: { resolve: (kicked: boolean) => void; timer: NodeJS.Timeout };

  kick(): void {
    if (this.waiter) this.finish(true);
    else this.kicked = true;
  }

  /** Resolves true when kicked, false after `ms`. */
  wait(ms: number): Promise<boolean> {
    if (this.kicked) {
      this.kicked = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      this.waiter = { resolve, timer: setTimeout(() => this.finish(false), Math.max(0, ms)) };
    });
  }

  private finish(kicked: boolean): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (!waiter) return;
    clearTimeout(waiter.timer);
    waiter.resolve(kicked);
  }
}
