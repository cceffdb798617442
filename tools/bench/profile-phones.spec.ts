import { normalisePhone } from '@csp/contracts';
import { phoneSpelling } from './profile-phones';

describe('phoneSpelling', () => {
  const numbers = ['+442071838750', '+4930123456', '+14155552671', '+33142685300'];

  it('gives four different spellings of one number, each normalising back to it', () => {
    for (const e164 of numbers) {
      const spellings = [0, 1, 2, 3].map((v) => phoneSpelling(e164, v));
      expect(new Set(spellings).size).toBe(4);
      for (const s of spellings) expect(normalisePhone(s)).toBe(e164);
    }
  });

  it('spells a London number the way api.md shows it', () => {
    expect(phoneSpelling('+442071838750', 1)).toBe('+44 20 7183 8750');
    expect(phoneSpelling('+442071838750', 2)).toBe('0044 (20) 7183-8750');
  });
});
