// Downloading an export's files: GET /v1/audit/exports/:id answers (to owners and admins) with links signed
// for a few minutes, so a browser can save a file of any size with a plain link, and curl needs no token.
// The HMAC key is derived from the server's secret key for this use only (as media links do: media/signed-url.ts).
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { ExportManifest } from "../../src/protocol/audit";
import type { ServerContext } from "../context";

const LINK_TTL_MS = 10 * 60_000;

const keyOf = (ctx: ServerContext) => Buffer.from(hkdfSync("sha256", ctx.config.secretKey, "sidetext", "audit-export-v1", 32));
const sign = (ctx: ServerContext, id: string, name: string, expires: string) => createHmac("sha256", keyOf(ctx)).update(`${id}\n${name}\n${expires}`).digest();

/** The names a download may ask for: the manifest's files and the manifest itself. */
export const exportFileNames = (m: ExportManifest) => [...m.files.map((f) => f.name), "manifest.json"];

export function downloadLinks(ctx: ServerContext, id: string, m: ExportManifest, now = Date.now()) {
  const expires = String(Math.floor((now + LINK_TTL_MS) / 1000));
  return exportFileNames(m).map((name) => ({
    name,
    url: `/v1/audit/exports/${encodeURIComponent(id)}/files/${encodeURIComponent(name)}?expires=${expires}&sig=${sign(ctx, id, name, expires).toString("base64url")}`,
  }));
}

/** Why a link does not open the file ("expired", "forged"), or null when it does. */
export function linkProblem(ctx: ServerContext, id: string, name: string, expires: string, sig: string, now = Date.now()): "expired" | "forged" | null {
  const given = Buffer.from(sig, "base64url");
  const expected = sign(ctx, id, name, expires);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "forged";
  return Number(expires) * 1000 <= now ? "expired" : null;
}
