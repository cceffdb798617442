import { Type } from '@sinclair/typebox';
import { ALL_EVENTS } from '../events/all-events';
import { MessageReceived } from '../events/public/contact.events';
import { EventCatalogue } from './event-catalogue';
import { defineEvent, familyOf, versionOf } from './event-definition';
import { defineUpcaster } from './upcaster';

// A hypothetical v2 of cs.message.received: `body` renamed to `text`, and a `direction` the sender must state.
const MessageReceivedV2 = defineEvent({
  ...MessageReceived,
  type: 'cs.message.received.v2',
  version: 2,
  schema: Type.Object({
    ...Type.Omit(MessageReceived.schema, ['body']).properties,
    text: Type.String({ minLength: 1, maxLength: 100_000 }),
    direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
  }, { additionalProperties: false }),
});
const v1ToV2 = defineUpcaster<{ body: string }, unknown>({
  from: 'cs.message.received.v1',
  to: 'cs.message.received.v2',
  upcast: ({ body, ...rest }) => ({ ...rest, text: body, direction: 'inbound' }),
});

describe('event type versions', () => {
  const catalogue = new EventCatalogue([...ALL_EVENTS, MessageReceivedV2], [v1ToV2]);
  const v1 = { channel: 'email', customer: { email: 'a@example.com' }, body: 'Where is my parcel?' };

  it('accepts v1 and v2 side by side, each against its own schema', () => {
    expect(catalogue.validate('cs.message.received.v1', v1)).toEqual({ ok: true });
    expect(catalogue.validate('cs.message.received.v2', v1)).toMatchObject({ ok: false, errors: expect.arrayContaining([{ path: '/data/text', message: expect.any(String) }]) });
    expect(catalogue.validate('cs.message.received.v2', { ...v1, body: undefined, text: 'hi', direction: 'inbound' })).toMatchObject({ ok: false });
    const { body: _body, ...rest } = v1;
    expect(catalogue.validate('cs.message.received.v2', { ...rest, text: 'hi', direction: 'inbound' })).toEqual({ ok: true });
  });

  it('upcasts a v1 event to the newest version for consumers, and leaves the newest alone', () => {
    const upcast = catalogue.upcast('cs.message.received.v1', v1);
    expect(upcast).toEqual({ type: 'cs.message.received.v2', data: { channel: 'email', customer: { email: 'a@example.com' }, text: 'Where is my parcel?', direction: 'inbound' } });
    expect(catalogue.validate(upcast.type, upcast.data)).toEqual({ ok: true });
    expect(catalogue.upcast('cs.message.received.v2', upcast.data)).toEqual(upcast);
    expect(catalogue.latest('cs.message.received.v1')).toBe('cs.message.received.v2');
    expect(catalogue.versionsOf('cs.message.received.v2')).toEqual(['cs.message.received.v1', 'cs.message.received.v2']);
  });

  it('refuses a catalogue where an older version has no way to the newest', () => {
    expect(() => new EventCatalogue([...ALL_EVENTS, MessageReceivedV2])).toThrow('cs.message.received.v1 needs an upcaster to cs.message.received.v2');
    const skipping = defineUpcaster({ from: 'cs.message.received.v1', to: 'cs.call.completed.v1', upcast: (d) => d });
    expect(() => new EventCatalogue(ALL_EVENTS, [skipping])).toThrow('next version of the same type');
  });

  it('names families and versions', () => {
    expect(familyOf('cs.order.placed.v12')).toBe('cs.order.placed');
    expect(versionOf('cs.order.placed.v12')).toBe(12);
  });
});
