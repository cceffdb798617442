import { recordsToCsv } from './kpi-records.query';

describe('recordsToCsv', () => {
  it('writes RFC 4180 CSV: header, CRLF, quoted fields, empty nulls', () => {
    expect(recordsToCsv(['a', 'b', 'c'], [{ a: 'x,y', b: 'say "hi"', c: null }, { a: 1, b: 'two\nlines', c: true }])).toBe(
      'a,b,c\r\n"x,y","say ""hi""",\r\n1,"two\nlines",true\r\n',
    );
  });

  it('defuses spreadsheet formulas but keeps negative numbers', () => {
    expect(recordsToCsv(['v'], [{ v: '=HYPERLINK("x")' }, { v: '@SUM(A1)' }, { v: -33.33 }, { v: '+1' }, { v: '-1+cmd' }])).toBe(
      'v\r\n"\'=HYPERLINK(""x"")"\r\n\'@SUM(A1)\r\n-33.33\r\n+1\r\n\'-1+cmd\r\n',
    );
  });
});
