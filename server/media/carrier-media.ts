// A customer's MMS arrives as links on the carrier's side: Twilio's need the account's credentials (HTTP basic
// auth with the Account SID and Auth Token) and then redirect to its file store; Telnyx's are presigned and
// short-lived. Each file is fetched after the text is stored and the webhook answered (inbound-media-fetch.ts)
// and kept like an upload, so the message points at our copy. Credentials go to the carrier's own address
// only: never along a redirect elsewhere. A file not fetched yet (or ever) leaves the carrier's link in the
// message (the text itself is never lost).
import type { Media } from "../../src/protocol/entities";
import type { ServerContext } from "../context";
import { readCredentials } from "../carriers/credentials";
import { findInboxWithCredentials } from "../inboxes/inboxes.repository";
import { messageMediaOf, storeCarrierFile } from "./media.service";

const MAX_FILE_BYTES = 10 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 3;

/** Our copies of a message's files, and why those still on the carrier's side could not be fetched. */
export interface KeptMedia {
  media: Media[];
  failures: string[];
}

/** The inbound message's media with our stored copy in place of each carrier link fetched (ours stay as they are). */
export async function keepCarrierMedia(ctx: ServerContext, inboxId: string, media: readonly Media[]): Promise<KeptMedia> {
  const failures: string[] = [];
  if (!media.some((m) => !m.id)) return { media: [...media], failures };
  const inbox = await findInboxWithCredentials(ctx.database.db, inboxId);
  // The simulator's outside links are kept as given: it has no media store of its own.
  if (!inbox || (inbox.carrier !== "twilio" && inbox.carrier !== "telnyx")) return { media: [...media], failures };
  let authorization: string | null = null;
  try {
    const read = readCredentials(ctx.config.secretKey, inbox);
    if (read.carrier === "twilio") authorization = `Basic ${Buffer.from(`${read.credentials.accountSid}:${read.credentials.authToken}`).toString("base64")}`;
  } catch (err) {
    ctx.log.error({ err, inboxId }, "inbound MMS: the inbox's credentials cannot be read; the carrier's media links are kept");
    return { media: [...media], failures: ["the inbox's credentials cannot be read"] };
  }
  const kept = await Promise.all(
    media.map(async (item) => {
      if (item.id) return item;
      try {
        const file = await fetchFromCarrier(item.url, authorization);
        const record = await storeCarrierFile(ctx, inboxId, { bytes: file.bytes, contentType: file.contentType ?? item.contentType ?? "", fileName: null });
        return messageMediaOf(ctx, record);
      } catch (err) {
        ctx.log.error({ err, inboxId, url: item.url }, "inbound MMS: a media file could not be fetched from the carrier; its link is kept for now");
        failures.push(err instanceof Error ? err.message : String(err));
        return item;
      }
    }),
  );
  return { media: kept, failures };
}

async function fetchFromCarrier(url: string, authorization: string | null): Promise<{ bytes: Buffer; contentType: string | null }> {
  const signal = AbortSignal.timeout(FETCH_TIMEOUT_MS);
  const origin = new URL(url).origin;
  let at = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const sameOrigin = new URL(at).origin === origin;
    const res = await fetch(at, { redirect: "manual", signal, headers: authorization && sameOrigin ? { authorization } : {} });
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      at = new URL(location, at).toString();
      continue;
    }
    if (!res.ok) throw new Error(`HTTP ${res.status} from ${new URL(at).host}`);
    const declared = Number(res.headers.get("content-length") ?? 0);
    if (declared > MAX_FILE_BYTES) throw new Error(`the file is ${declared} bytes, over ${MAX_FILE_BYTES}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    if (bytes.length > MAX_FILE_BYTES) throw new Error(`the file is over ${MAX_FILE_BYTES} bytes`);
    return { bytes, contentType: res.headers.get("content-type") };
  }
  throw new Error(`more than ${MAX_REDIRECTS} redirects`);
}
