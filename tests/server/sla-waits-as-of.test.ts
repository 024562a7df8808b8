// The SLA waits say up to when they are known (`asOf`): the analytics consumer keeps them from the feed after
// commit, so a text it has not read yet is missing from them for a moment. The chips ask again while a
// conversation's last message is newer than `asOf` (src/ui/common/SlaChip.tsx). On SQLite, the feed position is seq.
import { afterEach, expect, it } from "vitest";
import { openDatabase } from "../../server/db/database";
import { insertEvent } from "../../server/events/events.repository";
import { moveCursor } from "../../server/analytics/rollups.repository";
import { waitsKnownUntil } from "../../server/analytics/sla.repository";
import { tempDbFile } from "../support/server";

let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
afterEach(async () => database?.close());

const NOW = "2026-12-01T12:00:00.000Z";
const event = (createdAt: string) => ({
  type: "message.created",
  action: null,
  actorId: null,
  inboxId: "inb_main",
  contactId: null,
  conversationId: "conv_1",
  data: "{}",
  createdAt,
});

it("is now once the consumer has read the whole feed, else the time of the newest event it has read", async () => {
  database = await openDatabase(`sqlite:${tempDbFile()}`);
  const { db } = database;
  expect(await waitsKnownUntil(db, NOW)).toBe(NOW); // an empty feed: nothing unread
  const [first, second, third] = [
    await insertEvent(db, event("2026-12-01T11:58:00.000Z")),
    await insertEvent(db, event("2026-12-01T11:59:00.000Z")),
    await insertEvent(db, event("2026-12-01T11:59:30.000Z")),
  ];
  expect(await waitsKnownUntil(db, NOW)).toBe(new Date(0).toISOString()); // nothing read yet
  await moveCursor(db, first);
  expect(await waitsKnownUntil(db, NOW)).toBe("2026-12-01T11:58:00.000Z");
  await moveCursor(db, second);
  expect(await waitsKnownUntil(db, NOW)).toBe("2026-12-01T11:59:00.000Z");
  await moveCursor(db, third);
  expect(await waitsKnownUntil(db, NOW)).toBe(NOW);
});
