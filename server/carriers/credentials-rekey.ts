// Before v1.1 a server started without SIDETEXT_SECRET_KEY sealed carrier credentials with a public constant.
// Now such a server makes its own key (secret-key.ts); on start, credentials still sealed with the old
// constant are sealed again with the server's key, so an upgrade keeps its Twilio and Telnyx inboxes working
// and the constant stops protecting anything.
import type { Db } from "../db/database";
import { decryptCredentials, encryptCredentials } from "./credentials";
import { inboxesWithCredentials, resealCredentials } from "../inboxes/inboxes.repository";

/** The constant of old versions; read here once per inbox to re-seal, never used to seal. */
export const LEGACY_DEVELOPMENT_KEY = "sidetext-development-only-secret";

/** Re-seals with `secretKey` what only the legacy key opens; returns the inbox ids re-sealed. */
export async function resealLegacyCredentials(database: Db, secretKey: string): Promise<string[]> {
  if (secretKey === LEGACY_DEVELOPMENT_KEY) return [];
  const { db } = database;
  const rows = await inboxesWithCredentials(db);
  const resealed: string[] = [];
  for (const row of rows) {
    if (opens(secretKey, row.id, row.credentialsEncrypted)) continue;
    if (!opens(LEGACY_DEVELOPMENT_KEY, row.id, row.credentialsEncrypted)) continue; // another key: left for an admin to set again
    const credentials = decryptCredentials(LEGACY_DEVELOPMENT_KEY, row.id, row.credentialsEncrypted) as object;
    await resealCredentials(db, row.id, row.credentialsEncrypted, encryptCredentials(secretKey, row.id, credentials));
    resealed.push(row.id);
  }
  return resealed;
}

function opens(key: string, inboxId: string, sealed: string): boolean {
  try {
    decryptCredentials(key, inboxId, sealed);
    return true;
  } catch {
    return false;
  }
}
