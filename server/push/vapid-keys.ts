// The server's VAPID key pair, which signs every push (RFC 8292) and which browsers subscribe with. Taken from
// VAPID_PUBLIC_KEY + VAPID_PRIVATE_KEY, else (SQLite) from `vapid.json` beside the database file, made on first
// start, readable by its owner only (as secret.key: secret-key.ts). A new pair would orphan every browser's
// subscription, so it is kept with the database. PostgreSQL has no "beside" and several instances must sign
// with one pair: there (and for an in-memory database) it lives in the database, its private half sealed with
// the secret key (vapid-store.ts).
import fs from "node:fs";
import path from "node:path";
import webpush from "web-push";

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  /** Who runs this server, for push services to reach (an https: URL or a mailto: address). */
  subject: string;
  /** Where the pair came from, for the start-up log (never the private key). */
  source: string;
}

const VAPID_FILE_NAME = "vapid.json";

interface VapidEnv {
  VAPID_PUBLIC_KEY?: string;
  VAPID_PRIVATE_KEY?: string;
  VAPID_SUBJECT?: string;
}

/** The pair from the environment or the file; undefined when it is kept in the database (vapid-store.ts). */
export function resolveVapidKeys(env: VapidEnv, databaseUrl: string, publicUrl: string): VapidKeys | undefined {
  const subject = env.VAPID_SUBJECT ?? defaultSubject(publicUrl);
  if (env.VAPID_PUBLIC_KEY || env.VAPID_PRIVATE_KEY) {
    if (!env.VAPID_PUBLIC_KEY || !env.VAPID_PRIVATE_KEY)
      throw new Error("Give both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (npx web-push generate-vapid-keys), or neither");
    return checked({ publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject, source: "VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY" });
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return undefined;
  const file = databaseUrl.replace(/^sqlite:/, "");
  if (file === ":memory:") return undefined;
  return pairBeside(path.join(path.dirname(path.resolve(file)), VAPID_FILE_NAME), subject);
}

export const defaultSubject = (publicUrl: string) => (publicUrl.startsWith("https://") ? publicUrl : "mailto:sidetext@localhost");

function pairBeside(file: string, subject: string): VapidKeys {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const { publicKey, privateKey } = webpush.generateVAPIDKeys();
    try {
      // "wx": if another start made it a moment ago, theirs wins and is read below.
      fs.writeFileSync(file, `${JSON.stringify({ publicKey, privateKey })}\n`, { mode: 0o600, flag: "wx" });
      return readPair(file, subject, `${file} (created now: back it up with the database)`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  const mode = fs.statSync(file).mode & 0o777;
  return readPair(file, subject, mode & 0o077 ? `${file} (WARNING: readable by other users, mode ${mode.toString(8)}: chmod 600 it)` : file);
}

function readPair(file: string, subject: string, source: string): VapidKeys {
  let stored: { publicKey?: unknown; privateKey?: unknown };
  try {
    stored = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`Cannot read the VAPID key file ${file}: ${(err as Error).message}`);
  }
  if (typeof stored.publicKey !== "string" || typeof stored.privateKey !== "string")
    throw new Error(`The VAPID key file ${file} holds no publicKey and privateKey`);
  return checked({ publicKey: stored.publicKey, privateKey: stored.privateKey, subject, source });
}

/** web-push checks the pair's shape and the subject; a bad one fails at start, not at the first push. */
export function checked(keys: VapidKeys): VapidKeys {
  webpush.getVapidHeaders("https://push.example", keys.subject, keys.publicKey, keys.privateKey, "aes128gcm");
  return keys;
}
