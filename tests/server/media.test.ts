// POST /v1/media and the signed links to stored files: what may be uploaded (the carriers' MMS types and
// sizes), links that expire and cannot be forged, and nothing stored for a refused upload.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MediaResponse } from "../../src/protocol/api";
import { mediaSigner } from "../../server/media/signed-url";
import { startServer, tempDbFile, type TestServer } from "../support/server";
import { JPEG_START, mediaRows, PNG, pngOfSize, upload, closeServer } from "./support/media";
import { conversationWith, workspace, type Workspace } from "./support/workspace";

let s: TestServer;
let w: Workspace;
let clock = Date.parse("2026-06-01T12:00:00Z");
const TTL_MS = 60 * 60_000;
const mediaDir = () => path.join(path.dirname(s.dbFile), "media-files");

beforeAll(async () => {
  const dbFile = tempDbFile();
  s = await startServer(
    { mediaClock: () => clock, mediaUrlTtlMs: TTL_MS, media: { kind: "local", dir: path.join(path.dirname(dbFile), "media-files") } },
    dbFile,
  );
  w = await workspace(s);
});
afterAll(() => closeServer(s));

const filesOnDisk = () =>
  fs.existsSync(mediaDir()) ? fs.readdirSync(mediaDir(), { recursive: true }).filter((f) => !fs.statSync(path.join(mediaDir(), String(f))).isDirectory()) : [];

describe("POST /v1/media", () => {
  it("stores a photo and answers its id, type, size and a signed link on PUBLIC_URL that serves the bytes", async () => {
    const res = await upload(s, w.token.alice, PNG, "image/png", "receipt.png");
    expect(res.status).toBe(201);
    const media = MediaResponse.parse(res.body);
    expect(media).toMatchObject({ contentType: "image/png", size: PNG.length, fileName: "receipt.png" });
    expect(media.url.startsWith(`${s.config.publicUrl}/media/${media.id}?expires=`)).toBe(true);
    expect(Date.parse(media.expiresAt)).toBe(Math.floor((clock + TTL_MS) / 1000) * 1000);
    const file = await fetch(media.url);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(file.headers.get("content-disposition")).toContain('filename="receipt.png"');
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
    // Carriers check the type with a HEAD first.
    const head = await fetch(media.url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe("image/png");
  });

  it.each([
    ["a JPEG called image/jpg", JPEG_START, "image/jpg", 201, "image/jpeg"],
    ["a PDF", Buffer.from("%PDF-1.7\n%…"), "application/pdf", 201, "application/pdf"],
    ["a contact card", Buffer.from("BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nEND:VCARD\n"), "text/vcard", 201, "text/vcard"],
  ])("takes %s", async (_what, bytes, type, status, stored) => {
    const res = await upload(s, w.token.bob, bytes, type, "file");
    expect(res.status).toBe(status);
    expect(res.body.contentType).toBe(stored);
  });

  it.each([
    ["an HTML page", Buffer.from("<script>alert(1)</script>"), "text/html", 400, /cannot be sent by text/],
    ["an SVG (it can carry script)", Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"), "image/svg+xml", 400, /cannot be sent by text/],
    ["a program", Buffer.from("MZ\x90\x00"), "application/x-msdownload", 400, /cannot be sent by text/],
    ["bytes of no stated type", Buffer.from("???"), "application/octet-stream", 400, /cannot be sent by text/],
    ["a 'PNG' that is not one", Buffer.from("<html>not a png</html>"), "image/png", 400, /not a PNG image/],
    ["an empty file", Buffer.alloc(0), "image/gif", 400, /empty/],
    ["a photo over 5 MB", pngOfSize(5 * 1024 * 1024 + 1), "image/png", 413, /5 MB at most/],
    [
      "a PDF over 500 KB",
      Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(500 * 1024)]),
      "application/pdf",
      413,
      /application\/pdf files may be 500 KB at most/,
    ],
  ])("refuses %s and stores nothing", async (_what, bytes, type, status, message) => {
    const [rowsBefore, filesBefore] = [(await mediaRows(s)).length, filesOnDisk().length];
    const res = await upload(s, w.token.alice, bytes, type);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
    expect((await mediaRows(s)).length).toBe(rowsBefore);
    expect(filesOnDisk().length).toBe(filesBefore);
  });

  it("takes a photo of exactly 5 MB", async () => {
    expect((await upload(s, w.token.alice, pngOfSize(5 * 1024 * 1024), "image/png")).status).toBe(201);
  });

  it("needs a signed-in user, and the file as multipart", async () => {
    expect((await upload(s, null, PNG, "image/png")).status).toBe(401);
    const raw = await s.call("POST", "/v1/media", { token: w.token.alice, json: { file: PNG.toString("base64") } });
    expect(raw.status).toBe(400);
    expect(raw.body.error.message).toMatch(/multipart\/form-data/);
  });
});

describe("signed links", () => {
  let media: { id: string; url: string };
  beforeAll(async () => {
    media = (await upload(s, w.token.alice, PNG, "image/png")).body;
  });
  // The body is read every time: a response left unread would hold its connection open.
  const status = async (url: string) => {
    const res = await fetch(url);
    await res.arrayBuffer();
    return res.status;
  };

  it("work until they expire, then answer 403 (the clock is the server's)", async () => {
    const start = clock;
    try {
      clock = start + TTL_MS - 1000;
      expect(await status(media.url)).toBe(200);
      clock = start + TTL_MS + 1000;
      const res = await fetch(media.url);
      expect(res.status).toBe(403);
      expect((await res.json()).error.message).toMatch(/expired/);
    } finally {
      clock = start;
    }
  });

  it("refuse a changed signature, expiry or id, and a link without them", async () => {
    const url = new URL(media.url);
    const sig = url.searchParams.get("sig")!;
    const flipped = new URL(url);
    flipped.searchParams.set("sig", (sig[0] === "A" ? "B" : "A") + sig.slice(1));
    const later = new URL(url);
    later.searchParams.set("expires", String(Number(url.searchParams.get("expires")) + 3600));
    const other = await upload(s, w.token.alice, PNG, "image/png");
    const swapped = new URL(url);
    swapped.pathname = `/media/${other.body.id}`;
    for (const forged of [flipped, later, swapped]) expect(await status(forged.toString()), forged.toString()).toBe(403);
    expect(await status(`${s.url}/media/${media.id}`)).toBe(403);
    expect(await status(`${s.url}/media/${media.id}?expires=99999999999&sig=`)).toBe(403);
  });

  it("answer 404 for media that does not exist, even when signed with the server's key", async () => {
    const signer = mediaSigner(
      s.config.secretKey,
      () => s.config.publicUrl,
      TTL_MS,
      () => clock,
    );
    expect(await status(signer.urlFor("med_doesnotexist"))).toBe(404);
    // …but a link signed with another key is forged.
    expect(
      await status(
        mediaSigner(
          "another-secret-key-entirely",
          () => s.config.publicUrl,
          TTL_MS,
          () => clock,
        ).urlFor(media.id),
      ),
    ).toBe(403);
  });

  it("GET /v1/media/:id gives a fresh link once the old one expired", async () => {
    const start = clock;
    try {
      clock = start + 2 * TTL_MS;
      expect(await status(media.url)).toBe(403);
      const res = await s.call("GET", `/v1/media/${media.id}`, { token: w.token.bob });
      expect(res.status).toBe(200);
      expect(await status(res.body.url)).toBe(200);
      expect((await s.call("GET", "/v1/media/med_nope", { token: w.token.bob })).status).toBe(404);
    } finally {
      clock = start;
    }
  });

  it("are signed anew when a thread is read, so an old message's photo still shows", async () => {
    const start = clock;
    try {
      const id = await conversationWith(s, w.mainLine, "Michael Brown");
      const sent = await s.call("POST", `/v1/conversations/${id}/messages`, {
        token: w.token.alice,
        json: { body: "", mediaIds: [media.id], clientId: "fresh-links" },
      });
      expect(sent.status).toBe(201);
      clock = start + 3 * TTL_MS;
      expect(await status(sent.body.message.media[0].url)).toBe(403);
      const thread = await s.call("GET", `/v1/conversations/${id}/messages`, { token: w.token.alice });
      const shown = thread.body.messages.find((m: { id: string }) => m.id === sent.body.message.id);
      expect(shown.media[0]).toMatchObject({ id: media.id, contentType: "image/png" });
      expect(await status(shown.media[0].url)).toBe(200);
    } finally {
      clock = start;
    }
  });

  it("serve one byte range at a time (phones' video players ask for pieces), 416 past the end", async () => {
    const bytes = pngOfSize(10_000);
    const stored = (await upload(s, w.token.alice, bytes, "image/png")).body;
    const part = async (range: string) => {
      const res = await fetch(stored.url, { headers: { range } });
      return { status: res.status, contentRange: res.headers.get("content-range"), body: Buffer.from(await res.arrayBuffer()) };
    };
    expect(await part("bytes=100-199")).toEqual({ status: 206, contentRange: "bytes 100-199/10000", body: bytes.subarray(100, 200) });
    expect(await part("bytes=9990-")).toEqual({ status: 206, contentRange: "bytes 9990-9999/10000", body: bytes.subarray(9990) });
    expect(await part("bytes=-5")).toEqual({ status: 206, contentRange: "bytes 9995-9999/10000", body: bytes.subarray(9995) });
    expect(await part("bytes=0-999999")).toMatchObject({ status: 206, contentRange: "bytes 0-9999/10000" });
    expect(await part("bytes=10000-")).toMatchObject({ status: 416, contentRange: "bytes */10000" });
    expect(await part("bytes=0-1,5-6")).toMatchObject({ status: 200, body: bytes });
    expect((await fetch(stored.url, { method: "HEAD" })).headers.get("accept-ranges")).toBe("bytes");
  });

  it("serve what was stored, byte for byte", async () => {
    const bytes = pngOfSize(300_000);
    const stored = (await upload(s, w.token.alice, bytes, "image/png")).body;
    const served = Buffer.from(await (await fetch(stored.url)).arrayBuffer());
    expect(createHash("sha256").update(served).digest("hex")).toBe(createHash("sha256").update(bytes).digest("hex"));
  });
});
