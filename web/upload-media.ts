// POST /v1/media: one file in, {id, url, contentType, size} out; the server checks the type and size
// (photos up to 5 MB, other MMS types up to 500 KB) and says why it refuses.
import { readSessionToken } from "./session-token";

export interface UploadedMedia {
  id: string;
  url: string;
  contentType: string;
  size: number;
}

export type UploadResult = { ok: true; media: UploadedMedia } | { ok: false; message: string };

export async function uploadMedia(file: File, origin = location.origin): Promise<UploadResult> {
  const token = await readSessionToken();
  if (!token) return { ok: false, message: "Sign in again to attach files." };
  const form = new FormData();
  form.append("file", file, file.name);
  let res: Response;
  try {
    res = await fetch(`${origin}/v1/media`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
  } catch {
    return { ok: false, message: "Could not upload: you are offline or the server did not answer. Try again." };
  }
  const body = (await res.json().catch(() => null)) as (UploadedMedia & { error?: { message?: string } }) | null;
  if (res.ok && body?.id) return { ok: true, media: body };
  return { ok: false, message: body?.error?.message ?? `The upload was refused (${res.status}).` };
}
