/**
 * Union-find over identity keys that refuses unions breaking a rule: two different exclusive labels (external
 * ids) in one set, or two keys an agent separated. Member sets are kept per root (small into large).
 */
export class UnionFind {
  private readonly parent = new Map<string, string>();
  private readonly members = new Map<string, Set<string>>();
  private readonly exclusive = new Map<string, string>();

  constructor(
    keys: Iterable<string>,
    exclusiveLabel: (key: string) => string | undefined,
    private readonly separated: readonly (readonly [string, string])[],
  ) {
    for (const key of keys) {
      this.parent.set(key, key);
      this.members.set(key, new Set([key]));
      const label = exclusiveLabel(key);
      if (label) this.exclusive.set(key, label);
    }
  }

  find(key: string): string {
    let root = key;
    for (let up = this.parent.get(root); up !== undefined && up !== root; up = this.parent.get(root)) root = up;
    for (let k = key, next = this.parent.get(k); k !== root && next !== undefined; k = next, next = this.parent.get(k)) this.parent.set(k, root);
    return root;
  }

  /** Joins the sets of `a` and `b` unless a rule forbids it; true when they are (now) one set. */
  union(a: string, b: string): boolean {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra === rb) return true;
    const [la, lb] = [this.exclusive.get(ra), this.exclusive.get(rb)];
    if (la && lb && la !== lb) return false;
    const [ma, mb] = [this.members.get(ra) ?? new Set<string>(), this.members.get(rb) ?? new Set<string>()];
    if (this.separated.some(([x, y]) => (ma.has(x) && mb.has(y)) || (ma.has(y) && mb.has(x)))) return false;
    const [root, child, big, small] = ma.size >= mb.size ? [ra, rb, ma, mb] : [rb, ra, mb, ma];
    for (const key of small) big.add(key);
    this.members.set(root, big);
    this.members.delete(child);
    this.parent.set(child, root);
    const label = la ?? lb;
    if (label) this.exclusive.set(root, label);
    return true;
  }

  components(): Set<string>[] {
    return [...this.members.values()];
  }
}
