import type { KafkaMessage } from 'kafkajs';
import { DLQ_HEADERS } from '../message-bus.port';
import { deadLetterMessage } from '../dead-letter';
import { decodeHeaders, toBusMessage, toKafkaMessage } from './kafka-messages';

const kafkaMessage = (overrides: Record<string, unknown> = {}): KafkaMessage =>
  ({
    key: Buffer.from('customer_1'),
    value: Buffer.from('{"a":"ü"}'),
    headers: { 'ce-id': Buffer.from('e1') },
    offset: '9007199254740993',
    timestamp: '0',
    attributes: 0,
    ...overrides,
  }) as KafkaMessage;

describe('kafka messages', () => {
  it('maps a Kafka message to a BusMessage: utf-8 key/value, string headers, topic:partition scope, bigint offset', () => {
    expect(toBusMessage('t_x', 3, kafkaMessage())).toEqual({
      topic: 't_x',
      key: 'customer_1',
      value: '{"a":"ü"}',
      headers: { 'ce-id': 'e1' },
      scope: 't_x:3',
      position: 9007199254740993n,
      attempt: 1,
    });
  });

  it('maps null key and value (tombstones) to empty strings', () => {
    expect(toBusMessage('t', 0, kafkaMessage({ key: null, value: null, headers: undefined }))).toMatchObject({
      key: '',
      value: '',
      headers: {},
    });
  });

  it('keeps the last value of a repeated header and turns a missing value into an empty string', () => {
    expect(decodeHeaders({ a: [Buffer.from('1'), Buffer.from('2')], b: 'plain', c: undefined })).toEqual({
      a: '2',
      b: 'plain',
      c: '',
    });
  });

  it('passes key, value and headers through to kafkajs', () => {
    expect(toKafkaMessage({ key: 'k', value: 'v', headers: { h: '1' } })).toEqual({ key: 'k', value: 'v', headers: { h: '1' } });
  });

  it('builds a dead-letter message: original key, value and headers plus reason and origin', () => {
    const message = toBusMessage('t_x', 2, kafkaMessage({ offset: '41' }));
    const failedAt = new Date('2025-01-02T03:04:05.000Z');
    const dead = deadLetterMessage(message, { groupId: 'g_1', partition: 2, attempts: 4, error: new TypeError('boom'), failedAt });
    expect(dead).toEqual({
      key: 'customer_1',
      value: '{"a":"ü"}',
      headers: {
        'ce-id': 'e1',
        [DLQ_HEADERS.error]: 'TypeError: boom',
        [DLQ_HEADERS.originTopic]: 't_x',
        [DLQ_HEADERS.originScope]: 't_x:2',
        [DLQ_HEADERS.originPartition]: '2',
        [DLQ_HEADERS.originOffset]: '41',
        [DLQ_HEADERS.attempts]: '4',
        [DLQ_HEADERS.consumerGroup]: 'g_1',
        [DLQ_HEADERS.failedAt]: '2025-01-02T03:04:05.000Z',
      },
    });
  });
});
