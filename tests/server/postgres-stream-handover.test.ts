// A stream socket replays the feed from its cursor and then goes live. On PostgreSQL a writer that began
// before the replay may commit right at the handover, after the replay's read: its event must reach the
// socket once, after the events before it, with no position skipped (issue 14). The replay's read is
// wrapped so that the late commit happens exactly there.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { inTransaction } from "../../server/events/transaction";
import { now } from "../../server/ids";
import { startServer, tempDbFile, waitFor, type TestServer } from "../support/server";
import { createPostgresDatabase, NO_POSTGRES, onPostgres, postgresAvailable } from "../support/test-database";
import { headSeq } from "./support/workspace";
import { openStream } from "./support/stream-client";

const hook = vi.hoisted(() => ({ afterReplayRead: null as null | (() => Promise<void>) }));
vi.mock("../../server/events/feed", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../server/events/feed")>();
  return {
    ...actual,
    readFeed: async (...args: Parameters<typeof actual.readFeed>) => {
      const page = await actual.readFeed(...args);
      const run = hook.afterReplayRead;
      hook.afterReplayRead = null;
      if (run) await run();
      return page;
    },
  };
});

const skipReason = postgresAvailable ? "runs in the server-postgres pass" : NO_POSTGRES;

describe.skipIf(!onPostgres)(`the stream's handover from replay to live on PostgreSQL${onPostgres ? "" : ` (skipped: ${skipReason})`}`, () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startServer({ databaseUrl: await createPostgresDatabase(tempDbFile()) });
    token = await server.login("admin@demo.test");
  });
  afterAll(() => server.close());

  /** A template written in a transaction that stays open until `release` resolves. */
  const lateTemplate = (name: string, release: Promise<void>) => {
    const { ctx } = server.app;
    return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
      const at = now();
      const template = { id: `tpl_late_${name}`, name, body: "late", inboxId: null, shortcut: null, createdAt: at, updatedAt: at };
      await tx.db.insertInto("template").values(template).execute();
      await tx.emit("template.created", { ...template, media: [] });
      await release;
      return template.id;
    });
  };

  it.each([
    ["numbered and published while the socket still replays", true],
    ["committed at the handover, numbered once the socket is live", false],
  ])("a late commit %s reaches the socket once, in order", async (name, waitForPublish) => {
    const cursor = await headSeq(server);
    let release!: () => void;
    const late = lateTemplate(name.replace(/\W+/g, "_"), new Promise<void>((r) => (release = r)));
    // Committed after the late writer began: it comes first in the feed.
    const early = await server.call("POST", "/v1/templates", { token, json: { name: `early ${name}`, body: "early" } });
    expect(early.status).toBe(201);
    hook.afterReplayRead = async () => {
      release();
      if (!waitForPublish) return;
      await late;
      await (server.app.ctx.bus as unknown as { settled(): Promise<void> }).settled();
    };
    const conn = await openStream(server, token, cursor);
    const lateId = await late;
    await waitFor("the late event", () => conn.events().some((e) => (e.data as { id: string }).id === lateId));
    await new Promise((r) => setTimeout(r, 200)); // a duplicate, if any, would arrive by now
    const seqs = conn.events().map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => cursor + 1 + i));
    const ids = conn.events().map((e) => (e.data as { id: string }).id);
    expect(ids).toEqual([early.body.template.id, lateId]);
    expect(hook.afterReplayRead).toBeNull();
    await conn.close();
  });
});
