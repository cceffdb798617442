/** Tags are lower-case, trimmed words; a change that changes nothing is no event. */
export interface TagsChange {
  added: string[];
  removed: string[];
  tags: string[];
}

export const normaliseTag = (tag: string): string => tag.trim().toLowerCase();

export function decideTags(current: readonly string[], add: readonly string[] = [], remove: readonly string[] = []): TagsChange | undefined {
  const before = new Set(current);
  const removing = new Set(remove.map(normaliseTag).filter((t) => before.has(t)));
  const adding = new Set(add.map(normaliseTag).filter((t) => t.length > 0 && !before.has(t) && !removing.has(t)));
  if (adding.size === 0 && removing.size === 0) return undefined;
  const tags = [...current.filter((t) => !removing.has(t)), ...adding].sort();
  return { added: [...adding].sort(), removed: [...removing].sort(), tags };
}

/** The tags of a customer: its tag changes (of every id merged into it) applied in time order. */
export function foldTags(changes: readonly { added: readonly string[]; removed: readonly string[] }[]): string[] {
  const tags = new Set<string>();
  for (const c of changes) {
    for (const t of c.removed) tags.delete(t);
    for (const t of c.added) tags.add(t);
  }
  return [...tags].sort();
}
