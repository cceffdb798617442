import { arrayLiteral } from './copy-rows';

describe('PostgreSQL array literals for COPY', () => {
  it('quotes every array element, so commas, braces, quotes and spaces stay data', () => {
    expect(arrayLiteral([])).toBe('{}');
    expect(arrayLiteral(['vip', 'a,b', 'say "hi"', 'back\\slash', '{x}'])).toBe('{"vip","a,b","say \\"hi\\"","back\\\\slash","{x}"}');
  });
});
