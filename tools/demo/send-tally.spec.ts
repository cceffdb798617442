import { simulateTraffic } from '@csp/simulator';
import { formatSummary } from './demo-summary';
import { emptyTally, recordAnswer, recordKafka, totals } from './send-tally';

describe('send tally and summary', () => {
  const events = simulateTraffic({ seed: 1, customers: 3, days: 2 });
  const batch = events.slice(0, 4);

  it('matches ingestion\'s answers to event types by id, or by index when the id is missing', () => {
    const tally = emptyTally(events);
    recordAnswer(tally, batch, {
      accepted: [{ id: batch[0].id }],
      duplicates: [{ id: batch[1].id }],
      rejected: [
        { index: 2, id: batch[2].id, errors: [{ path: '/data/customer/phone', message: 'is not a valid phone number' }] },
        { index: 3, errors: [] },
      ],
    });
    expect(totals(tally)).toEqual({ generated: events.length, sent: 4, accepted: 1, duplicates: 1, rejected: 2, kafka: 0 });
    expect(tally.byType[batch[0].type].accepted).toBeGreaterThanOrEqual(1);
    expect(tally.rejections).toEqual([
      { id: batch[2].id, type: batch[2].type, reason: '/data/customer/phone is not a valid phone number' },
      { id: batch[3].id, type: batch[3].type, reason: 'no reason given' },
    ]);
    recordKafka(tally, batch);
    expect(totals(tally).kafka).toBe(4);
  });

  it('prints a table by type with totals, throughput and the first rejections', () => {
    const tally = emptyTally(events);
    recordAnswer(tally, batch, { accepted: batch.slice(1).map(({ id }) => ({ id })), duplicates: [], rejected: [{ index: 0, id: batch[0].id, errors: [{ path: '/time', message: 'must be an RFC 3339 timestamp' }] }] });
    tally.throttled = 2;
    const text = formatSummary({ tally, delivered: 4, seconds: 2, stopped: true }, { seed: 1, customers: 3, days: 2, via: 'http', dryRun: false });
    expect(text).toContain('event type                   generated  sent  accepted  duplicates  rejected');
    expect(text).toMatch(/total\s+\d+\s+4\s+3\s+0\s+1/);
    expect(text).toContain('4 of');
    expect(text).toContain('(2 events/s)');
    expect(text).toContain('Stopped early');
    expect(text).toContain('2 request(s) were rate-limited (429)');
    expect(text).toContain(`${batch[0].id} (${batch[0].type}): /time must be an RFC 3339 timestamp`);
  });

  it('shows only what was generated in a dry run, and the Kafka column when producing to Kafka', () => {
    const dry = formatSummary({ tally: emptyTally(events), delivered: 0, seconds: 0, stopped: false }, { seed: 1, customers: 3, days: 2, via: 'http', dryRun: true });
    expect(dry).toContain('dry run (nothing sent)');
    expect(dry).not.toContain('accepted');
    const kafka = formatSummary({ tally: emptyTally(events), delivered: 0, seconds: 0, stopped: false }, { seed: 1, customers: 3, days: 2, via: 'both', dryRun: false });
    expect(kafka).toMatch(/rejected\s+kafka/);
  });
});
