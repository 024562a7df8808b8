// The VAPID pair kept in the database, for PostgreSQL (every instance signs with the one pair) and for an
// in-memory database. The first instance to start makes it; a racing one's insert is dropped and it reads the
// winner's. The private half is sealed with the server's secret key, as carrier credentials are.
import webpush from "web-push";
import type { Executor } from "../db/executor";
import { decryptCredentials, encryptCredentials } from "../carriers/credentials";
import { checked, type VapidKeys } from "./vapid-keys";

const SEAL_ID = "push/vapid";

export async function vapidKeysFromDatabase(db: Executor, secretKey: string, subject: string): Promise<VapidKeys> {
  let row = await db.selectFrom("pushVapid").selectAll().where("id", "=", 1).executeTakeFirst();
  if (!row) {
    const pair = webpush.generateVAPIDKeys();
    await db
      .insertInto("pushVapid")
      .values({ id: 1, publicKey: pair.publicKey, privateKeySealed: encryptCredentials(secretKey, SEAL_ID, { privateKey: pair.privateKey }) })
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
    row = await db.selectFrom("pushVapid").selectAll().where("id", "=", 1).executeTakeFirstOrThrow();
  }
  const { privateKey } = decryptCredentials(secretKey, SEAL_ID, row.privateKeySealed) as { privateKey: string };
  return checked({ publicKey: row.publicKey, privateKey, subject, source: "the database (private key sealed with the secret key)" });
}
