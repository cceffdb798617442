import { resolveSchedulerOptions } from './deadline-scheduler.options';

describe('resolveSchedulerOptions', () => {
  const base = { connectionString: 'postgres://x', schema: 'ticketing', handlers: { k: async () => undefined } };

  it('fills in the defaults, keeping what was given', () => {
    expect(resolveSchedulerOptions({ ...base, batchSize: 50, concurrency: undefined })).toMatchObject({
      name: 'deadline-scheduler',
      pollIntervalMs: 1_000,
      batchSize: 50,
      concurrency: 10,
      maxAttempts: 10,
      handlerTimeoutMs: 30_000,
      listen: true,
      ensureSchema: true,
    });
  });

  it('refuses a scheduler without handlers or with sizes below 1', () => {
    expect(() => resolveSchedulerOptions({ ...base, handlers: {} })).toThrow('at least one handler');
    expect(() => resolveSchedulerOptions({ ...base, concurrency: 0 })).toThrow('concurrency must be at least 1');
  });
});
