import { decodeCursor, encodeCursor } from './outbound-cursor';

describe('outbound list cursor', () => {
  it('round-trips a position and refuses anything else', () => {
    const position = { createdAt: new Date('2026-11-23T09:00:00.123Z'), id: '7d4f3c9e-8a51-4c1e-9a0b-2f6e5d4c3b2a' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    expect(decodeCursor('xyz')).toBeUndefined();
    expect(decodeCursor(Buffer.from('2026-13-45T99:99:99Z|7d4f3c9e-8a51-4c1e-9a0b-2f6e5d4c3b2a').toString('base64url'))).toBeUndefined();
  });
});
