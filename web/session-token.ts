// The signed-in session, for the few calls the page and the service worker make themselves (uploads, the
// admin console, push): the hosted worker keeps it in the cache's meta table, on this same origin.
// Relative imports: the service worker is built apart from the app (no ~ alias there).
import { SidetextDb } from "../src/db/schema";

export async function readSession(): Promise<{ serverUrl: string; token: string } | null> {
  const db = new SidetextDb();
  try {
    const session = await db.getMeta("session");
    return session ? { serverUrl: session.serverUrl, token: session.token } : null;
  } catch {
    return null;
  } finally {
    db.close();
  }
}

export const readSessionToken = async () => (await readSession())?.token ?? null;
