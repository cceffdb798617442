import { correlationIdFrom, currentCorrelationId, runWithCorrelationId } from './correlation-context';

describe('correlationIdFrom', () => {
  it('takes a safe x-correlation-id as given', () => {
    expect(correlationIdFrom({ 'x-correlation-id': 'order-42:retry.1' })).toBe('order-42:retry.1');
    expect(correlationIdFrom({ 'x-correlation-id': ['first', 'second'] })).toBe('first');
  });

  it('refuses ids that could forge log lines or headers', () => {
    expect(correlationIdFrom({ 'x-correlation-id': 'a\nlevel=fatal' })).toMatch(/^[0-9a-f-]{36}$/);
    expect(correlationIdFrom({ 'x-correlation-id': 'x'.repeat(129) })).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('falls back to the trace id of a valid traceparent', () => {
    const traceparent = '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01';
    expect(correlationIdFrom({ traceparent })).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(correlationIdFrom({ traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` })).toMatch(/^[0-9a-f-]{36}$/);
    expect(correlationIdFrom({ traceparent: 'nonsense' })).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('generates a fresh UUID otherwise', () => {
    const a = correlationIdFrom({});
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(correlationIdFrom({})).not.toBe(a);
  });
});

describe('runWithCorrelationId', () => {
  it('makes the id current across awaits, and only inside', async () => {
    expect(currentCorrelationId()).toBeUndefined();
    const seen = await runWithCorrelationId('msg-1', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return currentCorrelationId();
    });
    expect(seen).toBe('msg-1');
    expect(currentCorrelationId()).toBeUndefined();
  });
});
