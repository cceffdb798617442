import { WakeSignal } from './wake-signal';

describe('WakeSignal', () => {
  it('resolves false after the timeout and true when kicked', async () => {
    const wake = new WakeSignal();
    await expect(wake.wait(5)).resolves.toBe(false);
    const waiting = wake.wait(10_000);
    wake.kick();
    await expect(waiting).resolves.toBe(true);
  });

  it('remembers a kick that came while nobody waited', async () => {
    const wake = new WakeSignal();
    wake.kick();
    await expect(wake.wait(10_000)).resolves.toBe(true);
    await expect(wake.wait(5)).resolves.toBe(false);
  });
});
