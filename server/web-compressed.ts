// Brotli and gzip copies of the web app's text files, made once in the background when the server starts (and
// again for a file the build replaced): the app's script is about a quarter of its size compressed, which is
// most of a phone's cold load on a slow network, and compressing on every request would cost more than it saves
// on a fast one. A file not compressed yet is served as it is. Brotli at quality 9: 11 took 4.5 s for the app's
// 412 KB script on this machine, 9 takes 0.2 s for 8 % more bytes.
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** The build's text files by extension, with their type (others are served by @fastify/static as they are). */
export const TEXT_TYPES: Record<string, string> = {
  ".js": "application/javascript; charset=utf-8",
  ".mjs": "application/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};
const MIN_BYTES = 1024;

export type Encoding = "br" | "gzip";
interface Copies {
  version: string;
  br: Buffer;
  gzip: Buffer;
}

/** The encoding to answer with for this Accept-Encoding, if any (br preferred: smaller). */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | null {
  const offered = (acceptEncoding ?? "")
    .split(",")
    .map((part) => part.trim().split(";"))
    .filter(([, q]) => !q || Number(q.trim().replace(/^q=/, "")) > 0)
    .map(([name]) => name.trim().toLowerCase());
  return offered.includes("br") ? "br" : offered.includes("gzip") ? "gzip" : null;
}

export function compressedCopies(dir: string) {
  const copies = new Map<string, Copies>();
  const pending = new Set<string>();
  const versionOf = (stat: fs.Stats) => `${stat.size}-${Math.floor(stat.mtimeMs)}`;

  const make = async (file: string, version: string) => {
    if (pending.has(file)) return;
    pending.add(file);
    try {
      const bytes = await fs.promises.readFile(file);
      const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length };
      const [br, gz] = await Promise.all([brotli(bytes, { params }), gzip(bytes, { level: 9 })]);
      copies.set(file, { version, br, gzip: gz });
    } catch {
      // Gone or unreadable: served as it is (or 404) by the route.
    } finally {
      pending.delete(file);
    }
  };

  const compressible = (file: string, stat: fs.Stats) => path.extname(file) in TEXT_TYPES && stat.size >= MIN_BYTES;

  // Everything the build has, in the background: the first visitors get the compressed copies.
  void (async () => {
    const entries = await fs.promises.readdir(dir, { recursive: true }).catch(() => [] as string[]);
    for (const entry of entries) {
      const file = path.join(dir, entry);
      const stat = await fs.promises.stat(file).catch(() => null);
      if (stat?.isFile() && compressible(file, stat)) await make(file, versionOf(stat));
    }
  })();

  return {
    /** The compressed copy of `file` as it is now, or null (not text, too small, not made yet: then it is made). */
    get(file: string, stat: fs.Stats, encoding: Encoding): { body: Buffer; etag: string } | null {
      if (!compressible(file, stat)) return null;
      const version = versionOf(stat);
      const found = copies.get(file);
      if (found?.version === version) return { body: found[encoding], etag: `"${version}-${encoding}"` };
      void make(file, version);
      return null;
    },
  };
}
