import { settingsClause } from './clickhouse-encoding';

describe('settingsClause', () => {
  it('writes a SETTINGS clause on a line of its own, numbers and booleans bare', () => {
    expect(settingsClause({ readonly: 1, result_overflow_mode: 'throw', extremes: false })).toBe(
      "\nSETTINGS readonly = 1, result_overflow_mode = 'throw', extremes = 0",
    );
  });

  it('writes nothing for no settings', () => {
    expect(settingsClause(undefined)).toBe('');
    expect(settingsClause({})).toBe('');
  });

  it('escapes quotes and backslashes so a value stays one literal', () => {
    expect(settingsClause({ log_comment: "a\\', readonly = 0 --" })).toBe("\nSETTINGS log_comment = 'a\\\\\\', readonly = 0 --'");
  });

  it.each([['readonly = 0, x'], ['1x'], [''], ['a-b']])('refuses the setting name %j', (name) => {
    expect(() => settingsClause({ [name]: 1 })).toThrow(expect.objectContaining({ code: 'ANALYTICS_STORE.INVALID_SETTING' }));
  });

  it('refuses a number that is not finite', () => {
    expect(() => settingsClause({ max_execution_time: Number.POSITIVE_INFINITY })).toThrow(expect.objectContaining({ code: 'ANALYTICS_STORE.INVALID_SETTING' }));
  });
});
