// Carrier credentials: validated per carrier, encrypted at rest with AES-256-GCM, never returned by the API.
// The key is derived from SIDETEXT_SECRET_KEY; the inbox id is bound in as associated data, so a
// ciphertext copied onto another inbox's row does not decrypt.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";
import { z } from "zod";
import { AppError } from "../errors";

export const TwilioCredentials = z.strictObject({
  accountSid: z
    .string()
    .trim()
    .regex(/^AC[0-9a-fA-F]{32}$/, "must be a Twilio Account SID (AC followed by 32 hex digits)"),
  authToken: z.string().trim().min(16, "must be the Twilio Auth Token (32 characters)").max(128),
});
export type TwilioCredentials = z.infer<typeof TwilioCredentials>;

export const TelnyxCredentials = z.strictObject({
  apiKey: z.string().trim().min(10, "must be a Telnyx API key (KEY…)").max(300),
  /** The base64 Ed25519 public key from the Telnyx portal, for webhook signatures. */
  publicKey: z
    .string()
    .trim()
    .refine((k) => isEd25519Key(k), "must be the base64 Ed25519 public key from the Telnyx portal (32 bytes)"),
  messagingProfileId: z.string().trim().min(1).max(100).optional(),
});
export type TelnyxCredentials = z.infer<typeof TelnyxCredentials>;

export type CarrierCredentials =
  | { carrier: "simulator" }
  | { carrier: "twilio"; credentials: TwilioCredentials }
  | { carrier: "telnyx"; credentials: TelnyxCredentials };

function isEd25519Key(value: string): boolean {
  return /^[A-Za-z0-9+/]{43}=$/.test(value) && Buffer.from(value, "base64").length === 32;
}

/** Checks raw credentials for a carrier; a bad field is a 400 naming it (never echoing the value). */
export function parseCredentials(carrier: "simulator" | "twilio" | "telnyx", raw: unknown): CarrierCredentials {
  if (carrier === "simulator") {
    const empty = raw === undefined || (typeof raw === "object" && raw !== null && Object.keys(raw).length === 0);
    if (!empty) throw new AppError("validation_failed", "credentials: the simulator takes no credentials");
    return { carrier };
  }
  const schema = carrier === "twilio" ? TwilioCredentials : TelnyxCredentials;
  const result = schema.safeParse(raw ?? {});
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: ["credentials", ...i.path].join("."), message: i.message }));
    throw new AppError("validation_failed", issues.map((i) => `${i.path}: ${i.message}`).join("; "), issues);
  }
  return { carrier, credentials: result.data } as CarrierCredentials;
}

const VERSION = "v1";
const keyCache = new Map<string, Buffer>();

function keyFor(secret: string): Buffer {
  let key = keyCache.get(secret);
  if (!key) {
    // scrypt, not a bare hash: a short or guessable secret still costs an attacker with the database.
    key = scryptSync(secret, "sidetext/carrier-credentials/v1", 32);
    keyCache.set(secret, key);
  }
  return key;
}

/** `v1.<iv>.<tag>.<ciphertext>` (base64url), bound to the inbox id. */
export function encryptCredentials(secret: string, inboxId: string, credentials: object): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(secret), iv);
  cipher.setAAD(Buffer.from(inboxId));
  const data = Buffer.concat([cipher.update(JSON.stringify(credentials), "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), data].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

class CredentialsUnreadable extends Error {}

export function decryptCredentials(secret: string, inboxId: string, stored: string): unknown {
  const [version, iv, tag, data] = stored.split(".");
  if (version !== VERSION || !iv || !tag || data === undefined) throw new CredentialsUnreadable("Stored credentials are in an unknown format");
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor(secret), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(inboxId));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const text = Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
    return JSON.parse(text);
  } catch {
    throw new CredentialsUnreadable("Stored credentials do not decrypt: was SIDETEXT_SECRET_KEY changed?");
  }
}

/** An inbox's credentials read back and checked against its carrier's schema. */
export function readCredentials(secret: string, inbox: { id: string; carrier: string; credentialsEncrypted: string | null }): CarrierCredentials {
  const carrier = z.enum(["simulator", "twilio", "telnyx"]).parse(inbox.carrier);
  if (carrier === "simulator") return { carrier };
  if (!inbox.credentialsEncrypted) throw new CredentialsUnreadable(`Inbox ${inbox.id} has no ${carrier} credentials yet`);
  return parseCredentials(carrier, decryptCredentials(secret, inbox.id, inbox.credentialsEncrypted));
}
