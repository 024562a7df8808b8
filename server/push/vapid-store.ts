// The VAPID pair kept in the database, for PostgreSQL (every instance signs with the one pair) and for an
// in-memory database. The first instance to start makes it; a racing one's insert is dropped and it reads the
// winner's. The private half is sealed with the server's secret key, as carrier credentials are.
import webpush from "web-push";
import type { Executor } from "../db/executor";
import { decryptCredentials, encryptCredentials } from "../carriers/credentials";
import { checked, type VapidKeys } from "./vapid-keys";
import { replaceVapidPair, storedVapidPair, storeVapidPairOnce } from "./push.repository";

const SEAL_ID = "push/vapid";

export async function vapidKeysFromDatabase(db: Executor, secretKey: string, subject: string): Promise<VapidKeys> {
  let row = await storedVapidPair(db);
  if (!row) {
    const pair = webpush.generateVAPIDKeys();
    await storeVapidPairOnce(db, pair.publicKey, encryptCredentials(secretKey, SEAL_ID, { privateKey: pair.privateKey }));
    row = await storedVapidPair(db);
    if (!row) throw new Error("The VAPID pair could not be stored");
  }
  let privateKey: string | null = null;
  try {
    privateKey = (decryptCredentials(secretKey, SEAL_ID, row.privateKeySealed) as { privateKey: string }).privateKey;
  } catch {
    // Unreadable: sealed with another secret key (decryptCredentials throws for nothing else).
  }
  if (privateKey) return checked({ publicKey: row.publicKey, privateKey, subject, source: "the database (private key sealed with the secret key)" });
  // The secret key changed: the old pair is lost for good, and so is every subscription made with it (push
  // services refuse pushes signed with another key). A new pair; devices turn push on again.
  const pair = webpush.generateVAPIDKeys();
  await replaceVapidPair(db, pair.publicKey, encryptCredentials(secretKey, SEAL_ID, { privateKey: pair.privateKey }));
  return checked({
    ...pair,
    subject,
    source: "a new pair in the database: the stored one was sealed with another secret key, so every device must turn push on again",
  });
}
