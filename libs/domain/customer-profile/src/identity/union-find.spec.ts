import { UnionFind } from './union-find';

describe('UnionFind with rules', () => {
  const label = (k: string) => (k.startsWith('x') ? k : undefined);

  it('joins sets transitively and refuses two exclusive labels in one set', () => {
    const uf = new UnionFind(['x1', 'x2', 'a', 'b', 'c'], label, []);
    expect(uf.union('x1', 'a')).toBe(true);
    expect(uf.union('a', 'b')).toBe(true);
    expect(uf.union('b', 'x2')).toBe(false);
    expect(uf.union('c', 'x2')).toBe(true);
    expect(uf.find('b')).toBe(uf.find('x1'));
    expect(uf.components().map((s) => [...s].sort()).sort()).toEqual([['a', 'b', 'x1'], ['c', 'x2']]);
  });

  it('refuses to join separated keys, however indirectly', () => {
    const uf = new UnionFind(['a', 'b', 'c', 'd'], label, [['a', 'd']]);
    expect(uf.union('a', 'b')).toBe(true);
    expect(uf.union('c', 'd')).toBe(true);
    expect(uf.union('b', 'c')).toBe(false);
  });
});
