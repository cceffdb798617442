import type { DeliveryQueue } from './delivery-queue';
import { DeliveryDispatcher } from './delivery-dispatcher.worker';

/** A queue that hands out what the test puts in it (unit test of the loop; the real queue is tested on PostgreSQL). */
function fakeQueue() {
  const due: string[] = [];
  return { due, queue: { claimDue: async (limit: number) => due.splice(0, limit) } as unknown as DeliveryQueue };
}

const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

describe('DeliveryDispatcher', () => {
  it('delivers what is due, keeps going after a failed delivery, wakes up at once, and stops after the delivery in hand', async () => {
    const { due, queue } = fakeQueue();
    const delivered: string[] = [];
    const errors: string[] = [];
    let release: () => void = () => undefined;
    const dispatcher = new DeliveryDispatcher(
      queue,
      async (id) => {
        if (id === 'boom') throw new Error('store away');
        if (id === 'slow') await new Promise<void>((resolve) => (release = resolve));
        delivered.push(id);
      },
      { pollMs: 60_000, concurrency: 2, leaseMs: 1000, logger: { error: (text) => errors.push(String(text)) }, onStopped: async () => void delivered.push('closed') },
    );
    due.push('boom', 'a');
    await dispatcher.start();
    await tick();
    expect(delivered).toEqual(['a']);
    expect(errors).toEqual(['delivery of outbound message boom: store away']);
    expect(dispatcher.health()).toMatchObject({ alive: true });
    due.push('b');
    dispatcher.wake();
    await tick();
    expect(delivered).toEqual(['a', 'b']);
    due.push('slow');
    dispatcher.wake();
    await tick();
    const stopped = dispatcher.stop();
    await tick();
    expect(delivered).toEqual(['a', 'b']);
    release();
    await stopped;
    expect(delivered).toEqual(['a', 'b', 'slow', 'closed']);
    expect(dispatcher.health()).toMatchObject({ alive: false });
  });

  it('looks at the queue again after a delivery only when the last look filled every slot', async () => {
    const { due, queue } = fakeQueue();
    let looks = 0;
    const counted = { claimDue: (limit: number) => (looks++, queue.claimDue(limit, 0)) } as unknown as DeliveryQueue;
    const delivered: string[] = [];
    const dispatcher = new DeliveryDispatcher(counted, async (id) => void delivered.push(id), { pollMs: 60_000, concurrency: 2, leaseMs: 1000 });
    due.push('a');
    await dispatcher.start();
    await tick();
    expect(delivered).toEqual(['a']);
    expect(looks).toBe(1); // a left a slot free: the queue was empty, its end needs no look
    due.push('b', 'c', 'd');
    dispatcher.wake(); // new requests
    await tick();
    // b and c filled both slots, so their ends looked again and found d.
    expect(delivered).toEqual(['a', 'b', 'c', 'd']);
    expect(looks).toBeGreaterThanOrEqual(3);
    await dispatcher.stop();
  });
});
