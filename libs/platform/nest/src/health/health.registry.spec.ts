import { HealthRegistry } from './health.registry';

describe('HealthRegistry', () => {
  it('is ready with no checks', async () => {
    await expect(new HealthRegistry().run()).resolves.toEqual({ ok: true, checks: {} });
  });

  it('reports each check with its duration and fails when one fails', async () => {
    const registry = new HealthRegistry();
    registry.register('postgres', async () => ({ ok: true }));
    registry.register('kafka', async () => ({ ok: false, detail: { brokers: 0 } }));
    const report = await registry.run();
    expect(report.ok).toBe(false);
    expect(report.checks['postgres']).toEqual({ ok: true, durationMs: expect.any(Number) });
    expect(report.checks['kafka']).toEqual({ ok: false, detail: { brokers: 0 }, durationMs: expect.any(Number) });
  });

  it('reports details as JSON can carry them: a bigint (a relay\'s log position) as a decimal string', async () => {
    const registry = new HealthRegistry();
    registry.register('worker:relay', async () => ({ ok: true, detail: { alive: true, position: 12345678901234567890n } }));
    const report = await registry.run();
    expect(JSON.parse(JSON.stringify(report)).checks['worker:relay'].detail).toEqual({ alive: true, position: '12345678901234567890' });
  });

  it('counts a check that throws as failed, with its message', async () => {
    const registry = new HealthRegistry();
    registry.register('eventstore', () => Promise.reject(new Error('connect ECONNREFUSED')));
    await expect(registry.run()).resolves.toMatchObject({ ok: false, checks: { eventstore: { ok: false, detail: 'connect ECONNREFUSED' } } });
  });

  it('counts a check that hangs as failed after the timeout', async () => {
    const registry = new HealthRegistry(20);
    registry.register('slow', () => new Promise(() => undefined));
    const report = await registry.run();
    expect(report.checks['slow']).toMatchObject({ ok: false, detail: 'timed out after 20 ms' });
    expect(report.checks['slow']?.durationMs).toBeGreaterThanOrEqual(15);
  });

  it('refuses a second check under the same name', () => {
    const registry = new HealthRegistry();
    registry.register('postgres', async () => ({ ok: true }));
    expect(() => registry.register('postgres', async () => ({ ok: true }))).toThrow("health check 'postgres' is already registered");
  });
});
