// The key that encrypts carrier credentials at rest (carriers/credentials.ts). Taken from SIDETEXT_SECRET_KEY,
// else from the file SIDETEXT_SECRET_KEY_FILE names, else (SQLite) from `secret.key` beside the database file,
// made with 32 random bytes on first start, readable by its owner only. PostgreSQL has no "beside": several
// instances must share one key, so there it must be given. The server and the CLI resolve it the same way.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";

export interface SecretKey {
  key: string;
  /** Where it came from, for the start-up log (never the key itself). */
  source: string;
  /** True when this call made the key file: say so loudly, it must be backed up with the database. */
  created: boolean;
}

const SECRET_KEY_FILE_NAME = "secret.key";

export function resolveSecretKey(env: { SIDETEXT_SECRET_KEY?: string; SIDETEXT_SECRET_KEY_FILE?: string }, databaseUrl: string): SecretKey {
  if (env.SIDETEXT_SECRET_KEY) return { key: env.SIDETEXT_SECRET_KEY, source: "SIDETEXT_SECRET_KEY", created: false };
  if (env.SIDETEXT_SECRET_KEY_FILE)
    return { key: readKeyFile(env.SIDETEXT_SECRET_KEY_FILE), source: withModeWarning(path.resolve(env.SIDETEXT_SECRET_KEY_FILE)), created: false };
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error(
      "PostgreSQL needs SIDETEXT_SECRET_KEY or SIDETEXT_SECRET_KEY_FILE: every instance must encrypt carrier credentials with the same key (e.g. `openssl rand -base64 32`).",
    );
  }
  const file = databaseUrl.replace(/^sqlite:/, "");
  // Nothing of an in-memory database outlives the process, so neither need its key.
  if (file === ":memory:") return { key: randomBytes(32).toString("base64url"), source: "a random key for this in-memory database", created: false };
  const keyFile = path.join(path.dirname(path.resolve(file)), SECRET_KEY_FILE_NAME);
  return keyBeside(keyFile);
}

function keyBeside(keyFile: string): SecretKey {
  if (fs.existsSync(keyFile)) return { key: readKeyFile(keyFile), source: withModeWarning(keyFile), created: false };
  fs.mkdirSync(path.dirname(keyFile), { recursive: true });
  try {
    // "wx": if the CLI or another start made it a moment ago, theirs wins and is read below.
    fs.writeFileSync(keyFile, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
    return { key: readKeyFile(keyFile), source: keyFile, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    return { key: readKeyFile(keyFile), source: keyFile, created: false };
  }
}

/** The file's name, and a warning when others on the machine may read it (the start-up log shows it). */
function withModeWarning(file: string): string {
  const mode = fs.statSync(file).mode & 0o777;
  return mode & 0o077 ? `${file} (WARNING: readable by other users, mode ${mode.toString(8)}: chmod 600 it)` : file;
}

function readKeyFile(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8").trim();
  } catch (err) {
    throw new Error(`Cannot read the secret key file ${file}: ${(err as Error).message}`);
  }
  if (text.length < 16) throw new Error(`The secret key file ${file} holds no key (at least 16 characters)`);
  return text;
}
