import { randomFillSync } from "node:crypto";

// Random bytes are drawn from the OS in blocks: one call per 256 ids instead of one per id (ingest makes
// several ids per inbound text).
const ID_BYTES = 12;
const pool = Buffer.alloc(ID_BYTES * 256);
let offset = pool.length;

/** Ids are a readable prefix and 12 random bytes ("conv_3kq…"): unguessable, and the kind shows in logs. */
export function newId(prefix: string): string {
  if (offset + ID_BYTES > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString("base64url", offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return `${prefix}_${id}`;
}

export const now = () => new Date().toISOString();
