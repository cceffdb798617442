import { customerIdFor } from '@csp/contracts';
import { simulateTraffic } from '@csp/simulator';
import { brokersFrom, kafkaMessage } from './kafka-sender';

describe('kafkaMessage', () => {
  const events = simulateTraffic({ seed: 5, customers: 10, days: 3 });

  it('uses the CloudEvents Kafka binding in binary mode, keyed by the customer id ingestion derives', () => {
    const order = events.find((e) => e.type === 'cs.order.placed.v1') ?? events[0];
    const message = kafkaMessage(order);
    expect(message.headers).toEqual({
      ce_specversion: '1.0', ce_id: order.id, ce_source: order.source, ce_type: order.type, ce_time: order.time,
      'content-type': 'application/json', ...(order.subject ? { ce_subject: order.subject } : {}),
    });
    expect(JSON.parse(String(message.value))).toEqual(order.data);
    expect(message.key).toBe(customerIdFor((order.data as { customer: object }).customer));
  });

  it('keys an unattributed social mention by the posting account', () => {
    const stranger = simulateTraffic({ seed: 5, customers: 200, days: 3 }).find((e) => e.type === 'cs.social.mentioned.v1' && !('customer' in e.data));
    expect(stranger).toBeDefined();
    const data = stranger?.data as { platform: string; handle: string };
    expect(stranger && kafkaMessage(stranger).key).toBe(customerIdFor({ social: { platform: data.platform, handle: data.handle } }));
  });

  it('reads KAFKA_BROKERS as a comma-separated list', () => {
    expect(brokersFrom(' a:9092, b:9092 ,')).toEqual(['a:9092', 'b:9092']);
    expect(brokersFrom(undefined)).toEqual([]);
  });
});
