// Files for the media tests: real first bytes of each image type, and an upload through the real multipart API.
import type { TestServer } from "../../support/server";

/** A real 1×1 PNG. */
export const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
export const JPEG_START = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);

/** A PNG's signature followed by `size` bytes in all: the server reads the type from the first bytes only. */
export const pngOfSize = (size: number) => Buffer.concat([PNG, Buffer.alloc(Math.max(0, size - PNG.length), 7)]);

export async function upload(s: TestServer, token: string | null, bytes: Buffer, type: string, fileName = "photo.png") {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type }), fileName);
  const res = await fetch(`${s.url}/v1/media`, { method: "POST", body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as any };
}

export const mediaRows = (s: TestServer) => s.app.ctx.database.db.selectFrom("media").selectAll().execute();

/**
 * Closes the server even while a fetch left a served file unread (the server would wait for that client to
 * read it, as it waits for a slow carrier on a real shutdown).
 */
export async function closeServer(s: TestServer | undefined) {
  if (!s) return;
  const closing = s.close();
  s.app.server.closeAllConnections();
  await closing;
}
