import { randomFillSync } from "node:crypto";

// Random bytes are drawn from the OS in 4 KB batches, as Node's own randomUUID does: one randomBytes call per
// id cost ~4 % of the inbound path (bench/ingest.ts profile). The bytes are as unguessable either way.
const pool = Buffer.alloc(4096);
let used = pool.length;

/** `bytes` fresh random bytes, encoded. */
export function randomText(bytes: number, encoding: "base64url" | "hex"): string {
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const text = pool.toString(encoding, used, used + bytes);
  used += bytes;
  return text;
}

/** Ids are a readable prefix and 12 random bytes ("conv_3kq…"): unguessable, and the kind shows in logs. */
export const newId = (prefix: string) => `${prefix}_${randomText(12, "base64url")}`;
export const now = () => new Date().toISOString();
