// The web app's build served at / beside the API: cache headers per kind of file, the app's page for its own
// routes, the API's JSON 404s untouched, and a page that says what to do when there is no build.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-B4xk2a9Q.js"></script></head><body><div id="root"></div></body></html>';

const APP_JS = `console.log(${JSON.stringify("the app ".repeat(2000))});`;

function fakeBuild(): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-web-")), "dist");
  fs.mkdirSync(dir);
  fs.mkdirSync(path.join(dir, "assets"));
  fs.writeFileSync(path.join(dir, "index.html"), INDEX);
  fs.writeFileSync(path.join(dir, "assets/index-B4xk2a9Q.js"), APP_JS);
  fs.writeFileSync(path.join(dir, "sw.js"), "self.addEventListener('install', () => {})");
  fs.writeFileSync(path.join(dir, "manifest.webmanifest"), '{"name":"Sidetext"}');
  fs.writeFileSync(path.join(dir, "../secret.key"), "do-not-serve");
  return dir;
}

const get = (s: TestServer, urlPath: string, accept = "text/html,application/xhtml+xml,*/*;q=0.8") => fetch(s.url + urlPath, { headers: { accept } });

describe("with a build", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ webDir: fakeBuild() });
  });
  afterAll(() => s.close());

  it("serves index.html at / and asks browsers to revalidate it", async () => {
    const res = await get(s, "/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(await res.text()).toBe(INDEX);
  });

  it("caches hashed assets for a year, immutable", async () => {
    const res = await get(s, "/assets/index-B4xk2a9Q.js", "*/*");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/javascript/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });

  it("compresses what it serves for browsers that take it, and only the app's files", async () => {
    // The copies are made in the background when the server starts.
    const js = (encoding: string, etag?: string) =>
      fetch(`${s.url}/assets/index-B4xk2a9Q.js`, { headers: { "accept-encoding": encoding, ...(etag ? { "if-none-match": etag } : {}) } });
    await waitFor("the compressed copies", async () => {
      const res = await js("br");
      await res.arrayBuffer();
      return res.headers.get("content-encoding") === "br";
    });
    for (const encoding of ["br", "gzip"]) {
      const res = await js(encoding);
      expect(res.headers.get("content-encoding")).toBe(encoding);
      expect(res.headers.get("vary")).toMatch(/accept-encoding/i);
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(await res.text()).toBe(APP_JS); // fetch decodes it
      const again = await js(encoding, res.headers.get("etag")!);
      expect(again.status).toBe(304);
    }
    const raw = await fetch(`${s.url}/assets/index-B4xk2a9Q.js`, { headers: { "accept-encoding": "identity" } });
    expect(raw.headers.get("content-encoding")).toBeNull();
    expect(await raw.text()).toBe(APP_JS);
    const api = await fetch(`${s.url}/v1/openapi.json`);
    await api.arrayBuffer();
    expect(api.headers.get("content-encoding")).toBeNull();
  });

  it("never lets the service worker or the manifest be cached stale", async () => {
    const sw = await get(s, "/sw.js", "*/*");
    expect(sw.headers.get("cache-control")).toBe("no-cache");
    expect(sw.headers.get("service-worker-allowed")).toBe("/");
    expect((await get(s, "/manifest.webmanifest", "*/*")).headers.get("cache-control")).toBe("no-cache");
  });

  it("answers the app's own routes (a deep link, a reload) with index.html", async () => {
    const res = await get(s, "/conversations/conv_123");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(INDEX);
    expect(res.headers.get("cache-control")).toBe("no-cache");
  });

  it("keeps the API's JSON: health, 404s under /v1 and /webhooks, a missing asset", async () => {
    const health = await get(s, "/v1/health");
    expect(health.status).toBe(200);
    expect(health.headers.get("content-type")).toMatch(/json/);
    expect((await get(s, "/v1/nope")).status).toBe(401); // signed-out: the API answers, not the app
    for (const p of ["/webhooks/nope", "/assets/index-gone.js"]) {
      const res = await get(s, p);
      expect(res.status, p).toBe(404);
      expect(await res.json(), p).toMatchObject({ error: { code: "not_found" } });
    }
    // An image or script that is not there is a 404, not the app's page.
    expect((await get(s, "/icons/missing.png", "image/png")).status).toBe(404);
    const post = await fetch(`${s.url}/conversations/x`, { method: "POST" });
    expect(post.status).toBe(404);
  });

  it("never serves a file from outside the build", async () => {
    for (const p of ["/..%2fsecret.key", "/assets/..%2f..%2fsecret.key", "/%2e%2e/secret.key"]) {
      const res = await get(s, p, "*/*");
      expect(await res.text(), p).not.toContain("do-not-serve");
    }
  });

  it("serves the API alongside: signing in still works", async () => {
    const res = await s.call("POST", "/v1/auth/login", { json: { email: "alice@demo.test", password: "sidetext-demo" } });
    expect(res.status).toBe(200);
  });
});

describe("without a build", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ webDir: path.join(os.tmpdir(), "sidetext-no-such-build") });
  });
  afterAll(() => s.close());

  it("says at / how to build the web app, and the API still answers", async () => {
    const res = await get(s, "/");
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("npm run build:web");
    expect((await get(s, "/inbox")).status).toBe(503);
    expect((await get(s, "/v1/health")).status).toBe(200);
    const missing = await get(s, "/webhooks/nope");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not_found" } });
  });
});
