// Sending stored media as an MMS: the message carries our copy, the simulator fetches the signed link like a
// carrier and gets the very bytes uploaded; ids are checked (unknown, too many, over the carrier's limit) before
// anything is stored; templates carry media too.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SendMessageResponse } from "../../src/protocol/api";
import { simulatorFetches } from "../../server/carriers/registry";
import { startServer, waitFor, type TestServer } from "../support/server";
import { PNG, pngOfSize, upload, closeServer } from "./support/media";
import { conversationWith, eventsAfter, headSeq, snapshot, workspace, type Workspace } from "./support/workspace";

let s: TestServer;
let w: Workspace;
beforeAll(async () => {
  s = await startServer();
  w = await workspace(s);
});
afterAll(() => closeServer(s));

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const send = (id: string, json: unknown, token = w.token.alice) => s.call("POST", `/v1/conversations/${id}/messages`, { token, json });
const messageStatus = async (id: string) =>
  (await s.app.ctx.database.db.selectFrom("message").select(["status", "errorReason"]).where("id", "=", id).executeTakeFirst())!;

describe("an MMS with uploaded media", () => {
  it("goes out with a signed link the simulator fetches, getting the uploaded bytes", async () => {
    const photo = pngOfSize(40_000);
    const media = (await upload(s, w.token.alice, photo, "image/png", "invoice.png")).body;
    const id = await conversationWith(s, w.mainLine, "Michael Brown");
    const seq = await headSeq(s);
    const res = await send(id, { body: "Here is the invoice", mediaIds: [media.id], clientId: "mms-1" });
    expect(res.status).toBe(201);
    const { message } = SendMessageResponse.parse(res.body);
    expect(message.media).toEqual([
      { id: media.id, url: expect.stringContaining(`/media/${media.id}?expires=`), contentType: "image/png", size: 40_000, fileName: "invoice.png" },
    ]);
    // Clients see the media in the event too.
    const created = (await eventsAfter(s, seq)).find((e) => e.type === "message.created");
    expect(created?.data.media[0]).toMatchObject({ id: media.id, contentType: "image/png" });

    await waitFor("the MMS to be delivered", async () => (await messageStatus(message.id)).status === "delivered");
    const fetched = simulatorFetches(s.app.ctx, w.mainLine).filter((f) => f.url.includes(`/media/${media.id}?`));
    expect(fetched).toHaveLength(1);
    expect(fetched[0]).toMatchObject({ status: 200, contentType: "image/png", size: 40_000, sha256: sha256(photo) });
    expect(fetched[0].url.startsWith(`${s.config.publicUrl}/media/`)).toBe(true);
  });

  it("may be a photo alone, with no words", async () => {
    const media = (await upload(s, w.token.alice, PNG, "image/png")).body;
    const id = await conversationWith(s, w.mainLine, "Michael Brown");
    const res = await send(id, { body: "", mediaIds: [media.id], clientId: "mms-photo-only" });
    expect(res.status).toBe(201);
    expect(res.body.message.body).toBe("");
    // …but a text needs one or the other.
    const empty = await send(id, { body: "  ", clientId: "mms-nothing" });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/body must not be empty \(write something or attach a file\)/);
  });

  it("starts a conversation with any number, too", async () => {
    const media = (await upload(s, w.token.alice, PNG, "image/png")).body;
    const res = await s.call("POST", "/v1/messages", {
      token: w.token.alice,
      json: { inboxId: w.mainLine, to: "+14155550177", body: "Our menu", mediaIds: [media.id], clientId: "mms-new" },
    });
    expect(res.status).toBe(201);
    expect(res.body.message.media[0].id).toBe(media.id);
  });

  it("is sent once for the same clientId and media; other media under the same key is a conflict", async () => {
    const [a, b] = [(await upload(s, w.token.alice, PNG, "image/png")).body, (await upload(s, w.token.alice, PNG, "image/png")).body];
    const id = await conversationWith(s, w.mainLine, "Michael Brown");
    const first = await send(id, { body: "Photo", mediaIds: [a.id], clientId: "mms-again" });
    const again = await send(id, { body: "Photo", mediaIds: [a.id], clientId: "mms-again" });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.message.id).toBe(first.body.message.id);
    expect((await send(id, { body: "Photo", mediaIds: [b.id], clientId: "mms-again" })).status).toBe(409);
  });

  it.each([
    ["an id that was never uploaded", () => ["med_never"], 400, /No media med_never/],
    ["more than 10 files", () => Array.from({ length: 11 }, (_, i) => `med_${i}`), 400, /mediaIds/],
  ])("refuses %s and stores nothing", async (_what, ids, status, message) => {
    const id = await conversationWith(s, w.mainLine, "Michael Brown");
    const before = await snapshot(s);
    const res = await send(id, { body: "Look", mediaIds: ids(), clientId: `mms-bad-${ids().length}` });
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
    expect(await snapshot(s)).toEqual(before);
  });

  it("refuses media over the carrier's 5 MB for one text (413), storing nothing", async () => {
    const big = [
      (await upload(s, w.token.alice, pngOfSize(3_000_000), "image/png")).body,
      (await upload(s, w.token.alice, pngOfSize(3_000_000), "image/png")).body,
    ];
    const id = await conversationWith(s, w.mainLine, "Michael Brown");
    const before = await snapshot(s);
    const res = await send(id, { body: "Two big photos", mediaIds: big.map((m) => m.id), clientId: "mms-too-big" });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: "too_large", message: expect.stringMatching(/simulator may be 5 MB at most/) });
    expect(await snapshot(s)).toEqual(before);
  });

  it("holds a Telnyx inbox's text to Telnyx's smaller limit (under 1 MB together)", async () => {
    const publicKey = Buffer.alloc(32, 9).toString("base64");
    const inbox = await s.call("POST", "/v1/inboxes", {
      token: w.token.admin,
      json: {
        name: "Telnyx",
        phoneNumber: "+13125550142",
        carrier: "telnyx",
        credentials: { apiKey: "KEY01TELNYXSECRET_abc", publicKey },
        memberIds: [w.userId.admin],
      },
    });
    expect(inbox.status).toBe(201);
    const photos = [
      (await upload(s, w.token.admin, pngOfSize(600_000), "image/png")).body,
      (await upload(s, w.token.admin, pngOfSize(600_000), "image/png")).body,
    ];
    const before = await snapshot(s);
    const res = await s.call("POST", "/v1/messages", {
      token: w.token.admin,
      json: { inboxId: inbox.body.inbox.id, to: "+13125550199", body: "Two photos", mediaIds: photos.map((m) => m.id), clientId: "telnyx-too-big" },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/on telnyx may be 924 KB at most \(these are 1\.1 MB\)/);
    expect(await snapshot(s)).toEqual(before);
  });

  it("fails when the carrier cannot fetch the media (the simulator's 11200, as Twilio)", async () => {
    const id = await conversationWith(s, w.mainLine, "Michael Brown");
    const media = (await upload(s, w.token.alice, PNG, "image/png")).body;
    // The file went missing from storage after it was attached.
    const row = await s.app.ctx.database.db.selectFrom("media").select("storageKey").where("id", "=", media.id).executeTakeFirstOrThrow();
    await s.app.ctx.database.db
      .updateTable("media")
      .set({ storageKey: `${row.storageKey}x` })
      .where("id", "=", media.id)
      .execute();
    const res = await send(id, { body: "Lost photo", mediaIds: [media.id], clientId: "mms-lost" });
    const failed = await waitFor("the send to fail", async () => {
      const m = await messageStatus(res.body.message.id);
      return m.status === "failed" ? m : null;
    });
    expect(failed.errorReason).toMatch(/could not get the attachment: the media URL answered HTTP 404/);
  });
});

describe("the simulator", () => {
  it("lets a demo customer send an uploaded photo in (mediaIds), shown from our copy", async () => {
    const photo = pngOfSize(20_000);
    const media = (await upload(s, w.token.alice, photo, "image/png", "scratch.png")).body;
    const res = await s.call("POST", "/v1/simulator/inbound", {
      token: w.token.alice,
      json: { inboxId: w.mainLine, from: "+14155550111", body: "", mediaIds: [media.id] },
    });
    expect(res.status).toBe(201);
    expect(res.body.message.media).toEqual([expect.objectContaining({ id: media.id, contentType: "image/png", fileName: "scratch.png" })]);
    const served = Buffer.from(await (await fetch(res.body.message.media[0].url)).arrayBuffer());
    expect(sha256(served)).toBe(sha256(photo));
  });
});

describe("templates with media", () => {
  it("keep the files' ids, which a reply then sends", async () => {
    const media = (await upload(s, w.token.admin, PNG, "image/png", "menu.png")).body;
    const created = await s.call("POST", "/v1/templates", { token: w.token.admin, json: { name: "Menu", body: "Our menu", mediaIds: [media.id] } });
    expect(created.status).toBe(201);
    expect(created.body.template.media).toEqual([expect.objectContaining({ id: media.id, contentType: "image/png", fileName: "menu.png" })]);
    const listed = await s.call("GET", "/v1/templates", { token: w.token.alice });
    expect(listed.body.templates.find((t: { id: string }) => t.id === created.body.template.id).media[0].id).toBe(media.id);
    // The same files again change nothing; none removes them.
    const same = await s.call("PATCH", `/v1/templates/${created.body.template.id}`, { token: w.token.admin, json: { mediaIds: [media.id] } });
    expect(same.body.template.updatedAt).toBe(created.body.template.updatedAt);
    const cleared = await s.call("PATCH", `/v1/templates/${created.body.template.id}`, { token: w.token.admin, json: { mediaIds: [] } });
    expect(cleared.body.template.media).toEqual([]);
  });

  it("refuse an unknown media id and store nothing", async () => {
    const before = await snapshot(s);
    const res = await s.call("POST", "/v1/templates", { token: w.token.admin, json: { name: "Broken", body: "x", mediaIds: ["med_nope"] } });
    expect(res.status).toBe(400);
    expect(await snapshot(s)).toEqual(before);
  });
});
