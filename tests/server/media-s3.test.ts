// Media in an S3-compatible bucket: s3rver, a real S3 HTTP server, runs in this process on a free port with a
// temp folder, and the server talks to it through @aws-sdk/client-s3 as it would to AWS, MinIO or R2.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatorFetches } from "../../server/carriers/registry";
import { pruneUnattachedUploads } from "../../server/media/prune-unattached";
import { startServer, waitFor, type TestServer } from "../support/server";
import { PNG, pngOfSize, upload, closeServer } from "./support/media";
import { conversationWith, workspace, type Workspace } from "./support/workspace";

const BUCKET = "sidetext-media";
const keys = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
let s3: S3rver;
let endpoint: string;
let client: S3Client;
let s: TestServer;
let w: Workspace;

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-s3-"));
  s3 = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
  const { port } = await s3.run();
  endpoint = `http://127.0.0.1:${port}`;
  client = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: keys });
  s = await startServer({ media: { kind: "s3", bucket: BUCKET, endpoint, region: "us-east-1", prefix: "team/", ...keys } });
  w = await workspace(s);
});
afterAll(async () => {
  await closeServer(s);
  await s3?.close();
});

const objectKeys = async () => ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key);

describe("media in an S3-compatible bucket", () => {
  it("keeps an upload in the bucket, under the prefix, and serves it through the signed link", async () => {
    const photo = pngOfSize(120_000);
    const res = await upload(s, w.token.alice, photo, "image/png");
    expect(res.status).toBe(201);
    expect(await objectKeys()).toContain(`team/${res.body.id}`);
    const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `team/${res.body.id}` }));
    expect(object.ContentType).toBe("image/png");
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(photo)).toBe(true);
    const served = await fetch(res.body.url);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-length")).toBe(String(photo.length));
    expect(Buffer.from(await served.arrayBuffer()).equals(photo)).toBe(true);
    // A piece of it, as a phone's video player asks.
    const piece = await fetch(res.body.url, { headers: { range: "bytes=1000-1999" } });
    expect(piece.status).toBe(206);
    expect(Buffer.from(await piece.arrayBuffer()).equals(photo.subarray(1000, 2000))).toBe(true);
    // Nothing was written beside the database.
    expect(fs.existsSync(path.join(path.dirname(s.dbFile), "media"))).toBe(false);
  });

  it("puts nothing in the bucket for a refused upload", async () => {
    const before = await objectKeys();
    expect((await upload(s, w.token.alice, Buffer.from("<html>"), "text/html")).status).toBe(400);
    expect(await objectKeys()).toEqual(before);
  });

  it("deletes an upload nothing carries from the bucket a week on", async () => {
    const res = await upload(s, w.token.alice, PNG, "image/png");
    expect(await objectKeys()).toContain(`team/${res.body.id}`);
    await s.app.ctx.database.db.updateTable("media").set({ createdAt: "2020-01-01T00:00:00.000Z" }).where("id", "=", res.body.id).execute();
    expect(await pruneUnattachedUploads(s.app.ctx)).toBeGreaterThanOrEqual(1);
    expect(await objectKeys()).not.toContain(`team/${res.body.id}`);
  });

  it("answers 404 when the object left the bucket", async () => {
    const res = await upload(s, w.token.alice, PNG, "image/png");
    await s.app.ctx.database.db.updateTable("media").set({ storageKey: "gone" }).where("id", "=", res.body.id).execute();
    const gone = await fetch(res.body.url);
    await gone.arrayBuffer();
    expect(gone.status).toBe(404);
  });

  it("sends an MMS whose media the simulator fetches from the bucket through the server", async () => {
    const photo = pngOfSize(64_000);
    const media = (await upload(s, w.token.alice, photo, "image/png")).body;
    const id = await conversationWith(s, w.mainLine, "Michael Brown");
    const sent = await s.call("POST", `/v1/conversations/${id}/messages`, {
      token: w.token.alice,
      json: { body: "From S3", mediaIds: [media.id], clientId: "s3-mms" },
    });
    expect(sent.status).toBe(201);
    const fetched = await waitFor("the simulator to fetch the media", () => simulatorFetches(s.app.ctx, w.mainLine).find((f) => f.url.includes(media.id)));
    expect(fetched).toMatchObject({ status: 200, size: photo.length, contentType: "image/png" });
  });
});
