import { ALL_EVENTS } from '../events/all-events';
import { EventCatalogue } from './event-catalogue';

describe('EventCatalogue', () => {
  const catalogue = new EventCatalogue(ALL_EVENTS);

  it('accepts a valid message and names the path of every problem in an invalid one', () => {
    expect(
      catalogue.validate('cs.message.received.v1', { channel: 'email', customer: { email: 'a@b.co' }, body: 'hi' }),
    ).toEqual({ ok: true });
    const result = catalogue.validate('cs.message.received.v1', { channel: 'fax', customer: {}, extra: 1 });
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/data/body', '/data/channel', '/data/extra', '/data/customer']));
  });

  it('reports an unknown type as a validation error at /type', () => {
    expect(catalogue.validate('cs.nope.v1', {})).toEqual({
      ok: false,
      errors: [{ path: '/type', message: "unknown event type 'cs.nope.v1'" }],
    });
  });
});
