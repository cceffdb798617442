import { parseKafkaCloudEvent } from './kafka-cloud-event.parser';

const data = { channel: 'chat', customer: { email: 'ada@example.com' }, body: 'hi' };
const envelope = { specversion: '1.0', id: 'm1', source: '/chat', type: 'cs.message.received.v1', data };
const structured = (value: string, contentType = 'application/cloudevents+json') => ({ headers: { 'content-type': contentType }, value });
const binary = (value: string, headers: Record<string, string> = {}) => ({
  headers: { ce_specversion: '1.0', ce_id: 'm1', ce_source: '/chat', ce_type: 'cs.message.received.v1', 'content-type': 'application/json', ...headers },
  value,
});

describe('parseKafkaCloudEvent (CloudEvents Kafka binding)', () => {
  it('structured mode: the value is the whole envelope, whatever the charset parameter', () => {
    expect(parseKafkaCloudEvent(structured(JSON.stringify(envelope)))).toEqual({ ok: true, event: envelope });
    expect(parseKafkaCloudEvent(structured(JSON.stringify(envelope), 'Application/CloudEvents+JSON; charset=utf-8'))).toEqual({ ok: true, event: envelope });
  });

  it('binary mode: ce_* headers are the attributes, the value is data, content-type is datacontenttype', () => {
    const parsed = parseKafkaCloudEvent(binary(JSON.stringify(data), { ce_time: '2025-01-01T10:00:00Z', ce_subject: 's1', ce_traceparent: 'tp' }));
    expect(parsed).toEqual({
      ok: true,
      event: { ...envelope, time: '2025-01-01T10:00:00Z', subject: 's1', traceparent: 'tp', datacontenttype: 'application/json' },
    });
  });

  it('binary mode: headers cannot replace the value or its content type', () => {
    const parsed = parseKafkaCloudEvent(binary(JSON.stringify(data), { ce_data: '{"x":1}', ce_datacontenttype: 'text/plain' }));
    expect(parsed).toMatchObject({ ok: true, event: { data, datacontenttype: 'application/json' } });
  });

  it('rejects malformed JSON with the path of what is malformed', () => {
    expect(parseKafkaCloudEvent(structured('{"specversion":'))).toEqual({ ok: false, errors: [{ path: '', message: expect.stringContaining('not valid JSON') }] });
    expect(parseKafkaCloudEvent(binary('{"channel":'))).toEqual({ ok: false, errors: [{ path: '/data', message: expect.stringContaining('not valid JSON') }] });
    expect(parseKafkaCloudEvent(binary(''))).toMatchObject({ ok: false, errors: [{ path: '/data' }] });
  });

  it('rejects prototype-poisoning keys as the HTTP parser does', () => {
    for (const value of ['{"__proto__":{"polluted":true}}', '{"a":{"constructor":{"prototype":{}}}}']) {
      expect(parseKafkaCloudEvent(structured(value))).toMatchObject({ ok: false, errors: [{ path: '', message: expect.stringContaining('prototype') }] });
    }
    // A plain "constructor" key is harmless data.
    expect(parseKafkaCloudEvent(structured('{"constructor":"x"}'))).toEqual({ ok: true, event: { constructor: 'x' } });
  });

  it('rejects framing it cannot read: no content type, batch mode, non-JSON binary data, no ce_* headers', () => {
    const contentType = { ok: false, errors: [{ path: '/headers/content-type', message: expect.any(String) }] };
    expect(parseKafkaCloudEvent({ headers: {}, value: JSON.stringify(envelope) })).toEqual(contentType);
    expect(parseKafkaCloudEvent(structured('[]', 'application/cloudevents-batch+json'))).toEqual(contentType);
    expect(parseKafkaCloudEvent(binary('hi', { 'content-type': 'text/plain' }))).toEqual(contentType);
    expect(parseKafkaCloudEvent({ headers: { 'content-type': 'application/json' }, value: '{}' })).toEqual(contentType);
  });

  it('accepts a Content-Type header spelled in another case', () => {
    expect(parseKafkaCloudEvent({ headers: { 'Content-Type': 'application/cloudevents+json' }, value: JSON.stringify(envelope) })).toMatchObject({ ok: true });
  });

  it('rejects a message larger than an HTTP body may be', () => {
    const huge = JSON.stringify({ ...envelope, data: { ...data, body: 'x'.repeat(1_100_000) } });
    expect(parseKafkaCloudEvent(structured(huge))).toMatchObject({ ok: false, errors: [{ path: '', message: expect.stringContaining('larger') }] });
  });
});
