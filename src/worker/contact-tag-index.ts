// Which cached contacts carry each tag: what the list's tag filter and its tag chips read. Built with one scan of
// the contacts table and kept until that table is written again, so filtering by tag is a set lookup per row.
import type { SidetextDb } from "../db/schema";

type TagIndex = Map<string, Set<string>>;

const built = new WeakMap<SidetextDb, { at: number; index: Promise<TagIndex> }>();

export function contactTagIndex(db: SidetextDb): Promise<TagIndex> {
  const at = db.writeCount("contacts");
  const held = built.get(db);
  if (held && held.at === at) return held.index;
  const index = (async () => {
    const byTag: TagIndex = new Map();
    await db.contacts.each((c) => {
      for (const tag of c.tags ?? []) byTag.set(tag, (byTag.get(tag) ?? new Set()).add(c.id));
    });
    return byTag;
  })();
  index.catch(() => built.delete(db));
  built.set(db, { at, index });
  return index;
}

/** The tags on cached contacts, most used first (then by name): the chips the list offers. */
export async function cachedTags(db: SidetextDb): Promise<string[]> {
  const index = await contactTagIndex(db);
  return [...index.entries()].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0])).map(([tag]) => tag);
}
