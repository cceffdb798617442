import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ANALYST_SQL_LIMITS, LIMIT_SETTINGS, OVERFLOW_SETTINGS } from '../analyst-sql.limits';
import { analystUserStatements } from './analyst-user-sql';

const statements = analystUserStatements({ ANALYTICS_DATABASE: 'analytics', ANALYST_PASSWORD_SHA256: 'a'.repeat(64) });
const profile = statements.find((statement) => statement.startsWith('CREATE SETTINGS PROFILE')) ?? '';
const settingOf = (name: string) => new RegExp(`\\b${name} = ([^,]+?)\\s*(,|$)`).exec(profile)?.[1];

describe('production analyst user (analyst-user.sql)', () => {
  it('holds the statements of a read-only user, in an order ClickHouse can apply', () => {
    expect(statements.map((statement) => statement.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'CREATE SETTINGS PROFILE',
      'CREATE ROLE IF',
      'GRANT SELECT ON',
      'CREATE USER OR',
      'GRANT csp_analyst_reader TO',
      'SET DEFAULT ROLE',
    ]);
  });

  it.each(Object.entries(LIMIT_SETTINGS))('sets %s to the embedded endpoint’s limit, tighten-only', (setting, limit) => {
    const value = DEFAULT_ANALYST_SQL_LIMITS[limit];
    expect(settingOf(setting)).toBe(`${value} MIN 1 MAX ${value} CHANGEABLE_IN_READONLY`);
  });

  it('is read-only and throws at every limit', () => {
    expect(settingOf('readonly')).toBe('1');
    for (const setting of OVERFLOW_SETTINGS) expect(settingOf(setting)).toBe("'throw' CONST");
  });

  it('grants SELECT on the analytics database and nothing else', () => {
    const grants = statements.filter((statement) => statement.startsWith('GRANT'));
    expect(grants).toEqual(['GRANT SELECT ON analytics.* TO csp_analyst_reader', 'GRANT csp_analyst_reader TO analyst']);
    expect(statements.join('\n')).toContain("IDENTIFIED WITH sha256_hash BY 'aaaa");
  });

  it('never holds a password in clear, nor a placeholder without a value', () => {
    const raw = readFileSync(join(__dirname, 'analyst-user.sql'), 'utf8');
    expect(raw).not.toMatch(/IDENTIFIED BY|plaintext_password/i);
    expect(() => analystUserStatements({ ANALYTICS_DATABASE: 'analytics' })).toThrow('ANALYST_PASSWORD_SHA256');
  });
});
