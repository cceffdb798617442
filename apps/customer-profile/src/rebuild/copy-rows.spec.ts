import { arrayLiteral, copyRow, copyText } from './copy-rows';

describe('COPY text format', () => {
  it('escapes what would split a row or a column, and writes NULL and booleans as PostgreSQL reads them', () => {
    expect(copyText('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyText(null)).toBe('\\N');
    expect(copyText(undefined)).toBe('\\N');
    expect(copyText(true)).toBe('t');
    expect(copyText(false)).toBe('f');
    expect(copyText(42)).toBe('42');
    expect(copyRow(['x', null, 1])).toBe('x\t\\N\t1\n');
  });

  it('quotes every array element, so commas, braces, quotes and spaces stay data', () => {
    expect(arrayLiteral([])).toBe('{}');
    expect(arrayLiteral(['vip', 'a,b', 'say "hi"', 'back\\slash', '{x}'])).toBe('{"vip","a,b","say \\"hi\\"","back\\\\slash","{x}"}');
  });
});
