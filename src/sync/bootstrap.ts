// Bootstrap: the starting point of a cache. Written in chunks (separate transactions) so open views keep
// reading while thousands of conversations land; the cursor is written last, so a worker killed half-way
// bootstraps again instead of trusting a partial cache.
import type { Api } from "../api/client";
import type { ApiResult } from "../api/errors";
import type { BootstrapResponse } from "../protocol/api";
import { toConversationRow } from "../db/rows";
import type { SidetextDb } from "../db/schema";

const BOOTSTRAP_CHUNK = 1000;

export async function bootstrapCache(
  db: SidetextDb,
  api: Api,
  options: { isCurrent: () => boolean; chunkSize?: number },
): Promise<ApiResult<BootstrapResponse>> {
  const res = await api.bootstrap();
  if (!res.ok || !options.isCurrent()) return res;
  await writeBootstrap(db, res.data, options);
  return res;
}

async function writeBootstrap(db: SidetextDb, data: BootstrapResponse, options: { isCurrent: () => boolean; chunkSize?: number }) {
  const { cursor, me, users, inboxes, templates, conversations, contacts } = data;
  const size = options.chunkSize ?? BOOTSTRAP_CHUNK;
  // A re-bootstrap (410) replaces what the feed can no longer update; unsent sends and the session stay.
  await db.clearCache({ outbox: true, session: true });
  await db.transaction("rw", [db.users, db.inboxes, db.templates, db.meta], async () => {
    await db.users.bulkPut(users);
    await db.inboxes.bulkPut(inboxes);
    await db.templates.bulkPut(templates.map((t) => ({ ...t, seq: cursor })));
    const session = await db.getMeta("session");
    if (session) await db.setMeta("session", { ...session, user: me });
  });
  for (let i = 0; i < Math.max(conversations.length, contacts.length); i += size) {
    if (!options.isCurrent()) return;
    const convChunk = conversations.slice(i, i + size).map((c) => toConversationRow(c, cursor, me.id));
    const contactChunk = contacts.slice(i, i + size).map((c) => ({ ...c, seq: cursor }));
    await db.transaction("rw", [db.conversations, db.contacts], async () => {
      await db.contacts.bulkPut(contactChunk);
      await db.conversations.bulkPut(convChunk);
    });
  }
  if (options.isCurrent()) await db.setMeta("cursor", cursor);
}
