import { unstorableText } from './storable-text';

describe('unstorableText', () => {
  it('finds NUL and unpaired surrogates in keys and values, as JSON Pointers', () => {
    const event = { id: 'x\u0000', data: { body: 'a\u0000b', 'we/ird~': ['ok', '\ud800'], ['k\udc00']: 1 } };
    expect(unstorableText(event)).toHaveLength(4);
    expect(unstorableText(event)).toEqual(expect.arrayContaining([
      { path: '/id', message: expect.stringContaining('NUL') },
      { path: '/data/body', message: expect.stringContaining('NUL') },
      { path: '/data/we~1ird~0/1', message: expect.any(String) },
      { path: '/data/k\udc00', message: expect.stringContaining('name') },
    ]));
  });

  it('walks bodies nested far deeper than the call stack allows', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unstorableText({ deep })).toEqual([{ path: `/deep${'/0'.repeat(100_000)}`, message: expect.any(String) }]);
  });

  it('accepts paired surrogates (emoji) and ordinary text', () => {
    expect(unstorableText({ body: 'Danke 😀 – ünïcödé', n: 1, list: [null, true] })).toEqual([]);
  });
});
