// What JavaScript a first visit's first screen needs, read from a build (web/dist): index.html's inline scripts, the entry and
// the chunks it preloads (the app, web/vite.config.ts preloadApp), the hosted worker they start (its
// `new URL(".../assets/x.js")`), and every chunk those import statically. Chunks loaded by `import()` later
// (thread, admin, analytics, the worker's commands and API client …) are not counted. Sizes are gzip -9.
// Used by tests/unit/web/first-screen-budget.test.ts (the budget) and bench/web-load.ts.
//   node web/scripts/first-screen-js.mjs [dist]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const STATIC_IMPORT = /(?:\bfrom|\bimport)\s*["'`](\.\/[^"'`]+\.js)["'`]/g;
const WORKER_URL = /new (?:Shared)?Worker\(new URL\(["'`]\/(assets\/[^"'`]+\.js)["'`]/g;

/** `files` (paths under dist) and every chunk they import statically, in load order. */
function withStaticImports(dist, files) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = fs.readFileSync(path.join(dist, file), "utf8");
    for (const [, rel] of code.matchAll(STATIC_IMPORT)) visit(path.posix.join(path.posix.dirname(file), rel));
  };
  for (const f of files) visit(f);
  return [...seen];
}

/** @returns {{ page: {file: string, gzip: number}[], worker: {file: string, gzip: number}[], total: number }} bytes */
export function firstScreenJs(dist) {
  const html = fs.readFileSync(path.join(dist, "index.html"), "utf8");
  const entries = [...html.matchAll(/<script type="module"[^>]*\ssrc="\/([^"]+)"|<link rel="modulepreload"[^>]*\shref="\/([^"]+)"/g)].map((m) => m[1] ?? m[2]);
  if (!entries.length) throw new Error(`${dist}/index.html has no module script`);
  const page = withStaticImports(dist, entries);
  const workers = page.flatMap((f) => [...fs.readFileSync(path.join(dist, f), "utf8").matchAll(WORKER_URL)].map((m) => m[1]));
  const worker = withStaticImports(dist, [...new Set(workers)]);
  const gzip = (text) => zlib.gzipSync(text, { level: 9 }).length;
  const sized = (files) => files.map((file) => ({ file, gzip: gzip(fs.readFileSync(path.join(dist, file))) }));
  // index.html's own scripts (the saved screen's paint, web/paint-saved-screen.ts) count too.
  const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m, i) => ({
    file: `index.html#script${i + 1}`,
    gzip: gzip(m[1]),
  }));
  const result = { page: [...inline, ...sized(page)], worker: sized(worker) };
  return { ...result, total: [...result.page, ...result.worker].reduce((sum, f) => sum + f.gzip, 0) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "../dist"));
  const { page, worker, total } = firstScreenJs(dist);
  const list = (fs_) => fs_.map((f) => `${f.file} ${(f.gzip / 1024).toFixed(1)} KiB`).join(", ");
  console.log(`page: ${list(page)}\nworker: ${list(worker)}\ntotal: ${(total / 1000).toFixed(1)} kB = ${(total / 1024).toFixed(1)} KiB gzipped`);
}
