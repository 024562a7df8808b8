// The web app (web/, built by Vite into web/dist) served at / on the API's own origin. Hashed assets are
// cached for a year; index.html, the service worker and the other unhashed files are revalidated on every
// load, so a new deploy is picked up at once. A GET of a page the app routes itself (/conversations/…) gets
// index.html; API paths keep their JSON 404. Without a build, / says how to make one instead of failing.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fastifyStatic from "@fastify/static";
import { errorBody } from "./errors";
import { chooseEncoding, compressedCopies, TEXT_TYPES } from "./web-compressed";

const DEFAULT_WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../web/dist");

/** Paths the server answers itself: never the app's index.html, whatever the Accept header says. */
const SERVER_PATHS = /^\/(v1|webhooks|media|health)(\/|$)/;
const HASHED_ASSET = /^\/assets\//;
const YEAR_S = 365 * 24 * 3600;

const NO_BUILD_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sidetext</title></head>
<body><h1>The Sidetext web app is not built yet</h1>
<p>Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it), then restart the server.
The Inbox API is up at <code>/v1</code>.</p></body></html>`;

export async function webAppRoutes(app: FastifyInstance, { dir = DEFAULT_WEB_DIR }: { dir?: string }) {
  const built = fs.existsSync(path.join(dir, "index.html"));
  const wantsPage = (req: FastifyRequest) =>
    (req.method === "GET" || req.method === "HEAD") && !SERVER_PATHS.test(req.url) && /text\/html|\*\/\*/.test(req.headers.accept ?? "");
  const urlOf = (filePath: string) => `/${path.relative(dir, filePath).split(path.sep).join("/")}`;
  const cacheControlOf = (filePath: string) => (HASHED_ASSET.test(urlOf(filePath)) ? `public, max-age=${YEAR_S}, immutable` : "no-cache");
  const apiNotFound = (req: FastifyRequest, reply: FastifyReply) =>
    reply.code(404).send(errorBody("not_found", `No route ${req.method} ${req.url.split("?")[0]}`));

  if (!built) {
    app.get("/*", { schema: { hide: true } }, (req, reply) =>
      wantsPage(req) ? reply.code(503).type("text/html; charset=utf-8").header("cache-control", "no-cache").send(NO_BUILD_PAGE) : apiNotFound(req, reply),
    );
    return;
  }

  // The files are looked up per request (a build made while the server runs is served); what is not a file
  // is the app's page for a page request, else the API's 404.
  await app.register(fastifyStatic, {
    root: dir,
    serve: false,
    cacheControl: false, // set below, per file
    setHeaders(res, filePath) {
      res.setHeader("cache-control", cacheControlOf(filePath));
      if (urlOf(filePath) === "/sw.js") res.setHeader("service-worker-allowed", "/");
    },
  });
  const copies = compressedCopies(dir);
  app.get("/*", { schema: { hide: true } }, async (req, reply) => {
    if (SERVER_PATHS.test(req.url)) return apiNotFound(req, reply);
    const urlPath = safeDecode(req.url.split("?")[0]);
    if (urlPath === null) return apiNotFound(req, reply);
    const file = path.join(dir, urlPath);
    const stat = file.startsWith(dir + path.sep) ? await fs.promises.stat(file).catch(() => null) : null;
    const target = stat?.isFile() ? file : wantsPage(req) && !HASHED_ASSET.test(urlPath) ? path.join(dir, "index.html") : null;
    if (!target) return apiNotFound(req, reply);
    reply.header("vary", "accept-encoding");
    const encoding = chooseEncoding(req.headers["accept-encoding"]);
    const packed = encoding && copies.get(target, target === file && stat ? stat : await fs.promises.stat(target), encoding);
    if (!packed) return reply.sendFile(path.relative(dir, target));
    reply.header("etag", packed.etag).header("cache-control", cacheControlOf(target));
    if (urlOf(target) === "/sw.js") reply.header("service-worker-allowed", "/");
    if (req.headers["if-none-match"] === packed.etag) return reply.code(304).send();
    return reply.type(TEXT_TYPES[path.extname(target)]).header("content-encoding", encoding).send(packed.body);
  });
}

function safeDecode(urlPath: string): string | null {
  try {
    return decodeURIComponent(urlPath);
  } catch {
    return null;
  }
}
