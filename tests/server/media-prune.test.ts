// Uploads nobody sent nor put in a template are deleted a week after their upload (row and bytes); what a
// message or a template carries, and customers' files, stay.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneUnattachedUploads } from "../../server/media/prune-unattached";
import { startServer, tempDbFile, type TestServer } from "../support/server";
import { closeServer, mediaRows, PNG, upload } from "./support/media";
import { conversationWith, workspace, type Workspace } from "./support/workspace";

let s: TestServer;
let w: Workspace;
let dir: string;
beforeAll(async () => {
  const dbFile = tempDbFile();
  dir = path.join(path.dirname(dbFile), "media-prune");
  s = await startServer({ media: { kind: "local", dir } }, dbFile);
  w = await workspace(s);
});
afterAll(() => closeServer(s));

const DAY = 24 * 3_600_000;
const fileOf = (id: string) => path.join(dir, id.slice(-2), id);

describe("pruning unattached uploads", () => {
  it("deletes week-old uploads nothing carries, and keeps sent, templated, recent and customers' files", async () => {
    const [dropped, sent, templated, recent, customers] = await Promise.all(Array.from({ length: 5 }, () => upload(s, w.token.admin, PNG, "image/png")));
    const id = await conversationWith(s, w.mainLine, "Michael Brown");
    expect(
      (await s.call("POST", `/v1/conversations/${id}/messages`, { token: w.token.admin, json: { body: "", mediaIds: [sent.body.id], clientId: "prune-sent" } }))
        .status,
    ).toBe(201);
    expect((await s.call("POST", "/v1/templates", { token: w.token.admin, json: { name: "Prune", body: "x", mediaIds: [templated.body.id] } })).status).toBe(
      201,
    );
    const { db } = s.app.ctx.database;
    await db.updateTable("media").set({ uploadedBy: null, inboxId: w.mainLine }).where("id", "=", customers.body.id).execute();
    const now = Date.now() + 8 * DAY;
    await db
      .updateTable("media")
      .set({ createdAt: new Date(Date.now() + 2 * DAY).toISOString() })
      .where("id", "=", recent.body.id)
      .execute();

    expect(await pruneUnattachedUploads(s.app.ctx, now)).toBe(1);
    const left = (await mediaRows(s)).map((r) => r.id);
    expect(left).not.toContain(dropped.body.id);
    expect(left).toEqual(expect.arrayContaining([sent.body.id, templated.body.id, recent.body.id, customers.body.id]));
    expect(fs.existsSync(fileOf(dropped.body.id))).toBe(false);
    expect(fs.existsSync(fileOf(sent.body.id))).toBe(true);
    const gone = await fetch(dropped.body.url);
    await gone.arrayBuffer();
    expect(gone.status).toBe(404);
    // Nothing more to do on a second pass.
    expect(await pruneUnattachedUploads(s.app.ctx, now)).toBe(0);
  });
});
