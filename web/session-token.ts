// The signed-in session's bearer token, for the few calls the page makes itself (uploads, the admin
// console): the hosted worker keeps the session in the cache's meta table, on this same origin.
import { SidetextDb } from "~src/db/schema";

export async function readSessionToken(): Promise<string | null> {
  const db = new SidetextDb();
  try {
    return (await db.getMeta("session"))?.token ?? null;
  } catch {
    return null;
  } finally {
    db.close();
  }
}
