// What both carrier webhooks need before anything else: the inbox named in the URL, on that carrier,
// with its decrypted credentials (to check the signature), and the public URL the carrier signed.
import type { ServerContext } from "../context";
import type { ServerConfig } from "../config";
import { AppError, notFound } from "../errors";
import { type CarrierCredentials, readCredentials, type TelnyxCredentials, type TwilioCredentials } from "../carriers/credentials";
import { findInboxWithCredentials } from "../inboxes/inboxes.repository";

interface WebhookInbox<C> {
  id: string;
  phoneNumber: string;
  credentials: C;
}

export async function loadWebhookInbox(ctx: ServerContext, inboxId: string, carrier: "twilio"): Promise<WebhookInbox<TwilioCredentials>>;
export async function loadWebhookInbox(ctx: ServerContext, inboxId: string, carrier: "telnyx"): Promise<WebhookInbox<TelnyxCredentials>>;
export async function loadWebhookInbox(ctx: ServerContext, inboxId: string, carrier: "twilio" | "telnyx") {
  const row = await findInboxWithCredentials(ctx.database.db, inboxId);
  // An inbox on another carrier is as unknown here as a missing one.
  if (!row || row.carrier !== carrier) throw notFound("Inbox");
  let read: CarrierCredentials;
  try {
    read = readCredentials(ctx.config.secretKey, row);
  } catch {
    // Nothing to check the signature with: refuse, the same as a bad signature.
    throw new AppError("forbidden", "This inbox has no usable carrier credentials; nothing was stored");
  }
  if (read.carrier !== carrier) throw notFound("Inbox");
  return { id: row.id, phoneNumber: row.phoneNumber, credentials: read.credentials };
}

/** The URL the carrier called, as it knows it: PUBLIC_URL (no trailing slash) + path + query. */
export function publicUrlOf(config: ServerConfig, requestUrl: string): string {
  return config.publicUrl.replace(/\/+$/, "") + requestUrl;
}
