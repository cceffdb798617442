import { ValidationError } from './domain-errors';
import { ifMatchVersion } from './if-match';

describe('ifMatchVersion', () => {
  it('reads our ETags, strong or weak, quoted or not; nothing without the header', () => {
    expect(ifMatchVersion('"3"')).toBe(3);
    expect(ifMatchVersion('W/"12"')).toBe(12);
    expect(ifMatchVersion(' 7 ')).toBe(7);
    expect(ifMatchVersion(undefined)).toBeUndefined();
  });

  it('answers anything else with a 400 naming the header', () => {
    expect(() => ifMatchVersion('"abc"', 'the ticket')).toThrow(ValidationError);
    try {
      ifMatchVersion('*', 'the ticket');
    } catch (error) {
      expect((error as ValidationError).errors).toEqual([{ path: '/headers/if-match', message: 'must be the ETag of the ticket, e.g. "3"' }]);
    }
    expect.assertions(2);
  });
});
