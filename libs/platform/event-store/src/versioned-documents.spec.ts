import { ConcurrencyError } from './event-store.errors';
import { InMemoryEventStore } from './in-memory/in-memory-event-store.adapter';
import { VersionedDocuments } from './versioned-documents';

describe('VersionedDocuments', () => {
  const actor = { kind: 'user' as const, id: 'ada' };
  const now = new Date('2026-12-02T10:00:00.000Z');
  const open = (cacheMs = 0) => {
    const store = new InMemoryEventStore();
    const docs = new VersionedDocuments<'teams'>(store, { streamPrefix: 'cfg', eventType: 'x.config-changed.v1', fallback: () => ({ teams: [] }), cacheMs });
    return { store, docs };
  };

  it('serves the fallback as version 0, then each stored document with the next version, as events', async () => {
    const { store, docs } = open();
    expect(await docs.get('teams')).toEqual({ version: 0, document: { teams: [] } });
    expect(await docs.put('teams', { teams: ['a'] }, actor, 0, now)).toEqual({ version: 1, document: { teams: ['a'] } });
    expect(await docs.put('teams', { teams: ['b'] }, actor, undefined, now)).toEqual({ version: 2, document: { teams: ['b'] } });
    expect(await docs.get('teams')).toEqual({ version: 2, document: { teams: ['b'] } });
    const events = await store.readStream('cfg-teams');
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['x.config-changed.v1', { kind: 'teams', version: 1, document: { teams: ['a'] }, actor, at: now.toISOString() }],
      ['x.config-changed.v1', { kind: 'teams', version: 2, document: { teams: ['b'] }, actor, at: now.toISOString() }],
    ]);
  });

  it('seeds the fallback as version 1 once, whoever seeds at the same time, and leaves a stored document alone', async () => {
    const { store, docs } = open();
    const system = { kind: 'system' as const, id: 'starter' };
    const results = await Promise.all([docs.seedFallbacks(['teams'], system, now), docs.seedFallbacks(['teams'], system, now)]);
    expect(results.flat()).toEqual(['teams']);
    expect((await store.readStream('cfg-teams')).map((e) => e.data)).toEqual([{ kind: 'teams', version: 1, document: { teams: [] }, actor: system, at: now.toISOString() }]);
    await docs.put('teams', { teams: ['a'] }, actor, 1, now);
    expect(await docs.seedFallbacks(['teams'], system, now)).toEqual([]);
    expect(await docs.get('teams')).toEqual({ version: 2, document: { teams: ['a'] } });
  });

  it('refuses a stale expected version', async () => {
    const { docs } = open();
    await docs.put('teams', { teams: ['a'] }, actor, 0, now);
    await expect(docs.put('teams', { teams: ['b'] }, actor, 0, now)).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('serves reads from memory within cacheMs, and its own writes at once', async () => {
    const { store, docs } = open(60_000);
    await docs.get('teams');
    const other = new VersionedDocuments<'teams'>(store, { streamPrefix: 'cfg', eventType: 'x.config-changed.v1', fallback: () => ({}) });
    await other.put('teams', { teams: ['elsewhere'] }, actor, 0, now);
    expect((await docs.get('teams')).version).toBe(0);
    await docs.put('teams', { teams: ['mine'] }, actor, 1, now);
    expect(await docs.get('teams')).toEqual({ version: 2, document: { teams: ['mine'] } });
  });
});
