// `npm run cli -- <command> [--flags]`: set up users and inboxes on the database named by DATABASE_URL,
// with carrier credentials encrypted by the server's key (secret-key.ts: SIDETEXT_SECRET_KEY, or the
// SQLite database's secret.key, found the same way as the server finds it).
import { parseArgs } from "node:util";
import { z } from "zod";
import { configFromEnv, type ServerConfig } from "./config";
import type { ServerContext } from "./context";
import { withCliContext } from "./cli-context";
import { AppError, describeZod } from "./errors";
import { addInboxMember, createInbox, updateInbox } from "./inboxes/inboxes.service";
import { allInboxIdsByName, findInboxById, inboxIdByIdOrNumber } from "./inboxes/inboxes.repository";
import { hashPassword } from "./auth/passwords";
import { endSessions } from "./auth/sessions";
import { sessionsOf } from "./auth/sessions.repository";
import { changeUser } from "./users/users.service";
import { insertUser, updateUser, userIdByEmail, usersByEmail } from "./users/users.repository";
import { clearFailedSignIns } from "./auth/account-lockout";
import { passwordOnCommandLine, readPassword, readStdin } from "./cli-password";
import { roles } from "../src/protocol/entities";
import { webhookUrlOf } from "./inboxes/webhook-url";
import { integrationCommands, integrationUsage } from "./integrations/integrations-cli";

const usage = `Usage: npm run cli -- <command> [options]

  user:create          --email E --name N --role owner|admin|agent [--password-stdin]
  user:set-password    --email E [--password-stdin]   (signs the user out everywhere)
  user:set-role        --email E --role owner|admin|agent   (the workspace keeps at least one owner)
  user:unlock          --email E   (ends a lock after failed sign-ins; user:set-password does too)
  inbox:create         --name N --phone +14155550100 --carrier simulator|twilio|telnyx [--help-text T] [--member EMAIL ...]
                       --credentials-stdin: the credentials as JSON on stdin (kept out of ps and shell history):
                       twilio: {"accountSid": "AC...", "authToken": "..."}
                       telnyx: {"apiKey": "KEY...", "publicKey": "BASE64", "messagingProfileId": "..."}
                       (or as flags: --account-sid --auth-token / --api-key --public-key --messaging-profile-id)
  inbox:set-credentials --inbox ID|PHONE  --credentials-stdin (or the same credential flags as inbox:create)
  inbox:add-member     --inbox ID|PHONE --user EMAIL
  inbox:list
${integrationUsage}

Passwords are asked for (not echoed), or read from stdin with --password-stdin; never taken from the command line.
Environment: DATABASE_URL (default sqlite:./data/sidetext.db), SIDETEXT_SECRET_KEY or SIDETEXT_SECRET_KEY_FILE
(default on SQLite: secret.key beside the database file), PUBLIC_URL.`;

const flags = {
  email: { type: "string" },
  name: { type: "string" },
  role: { type: "string" },
  password: { type: "string" },
  "password-stdin": { type: "boolean" },
  "credentials-stdin": { type: "boolean" },
  phone: { type: "string" },
  carrier: { type: "string" },
  "help-text": { type: "string" },
  member: { type: "string", multiple: true },
  "account-sid": { type: "string" },
  "auth-token": { type: "string" },
  "api-key": { type: "string" },
  "public-key": { type: "string" },
  "messaging-profile-id": { type: "string" },
  inbox: { type: "string" },
  user: { type: "string" },
  id: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;
type Flags = Partial<Record<keyof typeof flags, string | string[] | boolean>>;

const UserArgs = z.strictObject({
  email: z.string().trim().toLowerCase().email(),
  name: z.string().trim().min(1).max(100),
  role: z.enum(roles),
});
const Password = z.string().min(8, "the password must be at least 8 characters").max(200);
const Email = z.string().trim().toLowerCase().email("--email must be an email");
const InboxArgs = z.object({
  name: z.string().trim().min(1).max(100),
  phone: z.string().min(1),
  carrier: z.enum(["simulator", "twilio", "telnyx"]),
  "help-text": z.string().max(1600).optional(),
  member: z.array(z.string().email()).optional(),
});
const InboxRef = z.object({ inbox: z.string().min(1, "name the inbox by id or phone number") });

/** The credentials given (stdin JSON or flags), in the API's shape (validated per carrier by inboxes.service.ts). */
async function credentialsFrom(f: Flags): Promise<unknown> {
  if (f["credentials-stdin"] === true) {
    const text = await readStdin();
    try {
      return JSON.parse(text);
    } catch {
      throw new AppError("validation_failed", '--credentials-stdin: stdin is not JSON; give e.g. {"accountSid": "AC…", "authToken": "…"}');
    }
  }
  const pick = {
    accountSid: f["account-sid"],
    authToken: f["auth-token"],
    apiKey: f["api-key"],
    publicKey: f["public-key"],
    messagingProfileId: f["messaging-profile-id"],
  };
  const given = Object.entries(pick).filter((e): e is [string, string] => typeof e[1] === "string");
  if (given.some(([k]) => k === "authToken" || k === "apiKey"))
    console.error("warning: a secret on the command line shows in `ps` and shell history; prefer --credentials-stdin");
  return given.length ? Object.fromEntries(given) : undefined;
}

async function userIdsByEmail(ctx: ServerContext, emails: string[]): Promise<string[]> {
  const rows = await usersByEmail(
    ctx.database.db,
    emails.map((e) => e.toLowerCase()),
  );
  const missing = emails.filter((e) => !rows.some((r) => r.email === e.toLowerCase()));
  if (missing.length) throw new AppError("not_found", `No user with email ${missing.join(", ")} (create one with user:create)`);
  return rows.map((r) => r.id);
}

async function inboxIdOf(ctx: ServerContext, ref: string): Promise<string> {
  const id = await inboxIdByIdOrNumber(ctx.database.db, ref);
  if (!id) throw new AppError("not_found", `No inbox with id or phone number ${ref} (see inbox:list)`);
  return id;
}

const webhookUrls = (config: ServerConfig, inbox: { id: string; carrier: string }) => {
  const webhookUrl = webhookUrlOf(config, inbox);
  return webhookUrl ? { webhookUrl } : {};
};

const commands: Record<string, (ctx: ServerContext, f: Flags) => Promise<unknown>> = {
  async "user:create"(ctx, f) {
    const a = UserArgs.parse({ email: f.email, name: f.name, role: f.role });
    const { db } = ctx.database;
    if (await userIdByEmail(db, a.email)) throw new AppError("conflict", `A user with email ${a.email} already exists`);
    const password = Password.parse(await readPassword(f["password-stdin"] === true));
    return { user: await insertUser(db, { ...a, passwordHash: await hashPassword(password) }) };
  },
  async "user:set-password"(ctx, f) {
    const userId = (await userIdsByEmail(ctx, [Email.parse(f.email)]))[0];
    const passwordHash = await hashPassword(Password.parse(await readPassword(f["password-stdin"] === true, "New password: ")));
    const signedOutSessions = await endSessions(ctx, userId, async (trx) => {
      await updateUser(trx, userId, { passwordHash });
      await clearFailedSignIns(trx, userId);
      return sessionsOf(trx, userId, null);
    });
    return { userId, signedOutSessions };
  },
  async "user:unlock"(ctx, f) {
    const userId = (await userIdsByEmail(ctx, [Email.parse(f.email)]))[0];
    await clearFailedSignIns(ctx.database.db, userId);
    return { userId, unlocked: true };
  },
  async "user:set-role"(ctx, f) {
    const userId = (await userIdsByEmail(ctx, [Email.parse(f.email)]))[0];
    return { user: await changeUser(ctx, "cli", userId, { role: z.enum(roles).parse(f.role) }) };
  },
  async "inbox:create"(ctx, f) {
    const a = InboxArgs.parse({ name: f.name, phone: f.phone, carrier: f.carrier, "help-text": f["help-text"], member: f.member });
    const memberIds = await userIdsByEmail(ctx, a.member ?? []);
    const inbox = await createInbox(ctx, {
      name: a.name,
      phoneNumber: a.phone,
      carrier: a.carrier,
      credentials: await credentialsFrom(f),
      helpText: a["help-text"],
      memberIds,
    });
    return { inbox, ...webhookUrls(ctx.config, inbox) };
  },
  async "inbox:set-credentials"(ctx, f) {
    const id = await inboxIdOf(ctx, InboxRef.parse(f).inbox);
    const credentials = await credentialsFrom(f);
    if (!credentials)
      throw new AppError(
        "validation_failed",
        "Give the credentials: --credentials-stdin (JSON), or the flags --account-sid/--auth-token or --api-key/--public-key",
      );
    const inbox = await updateInbox(ctx, id, { credentials });
    return { inbox, ...webhookUrls(ctx.config, inbox) };
  },
  async "inbox:add-member"(ctx, f) {
    const id = await inboxIdOf(ctx, InboxRef.parse(f).inbox);
    const [userId] = await userIdsByEmail(ctx, [z.string().email("--user must be an email").parse(f.user)]);
    return { inbox: await addInboxMember(ctx, id, userId) };
  },
  async "inbox:list"(ctx) {
    const ids = await allInboxIdsByName(ctx.database.db);
    const inboxes = await Promise.all(ids.map(async (id) => (await findInboxById(ctx.database.db, id))!));
    return { inboxes: inboxes.map((i) => ({ ...i, ...webhookUrls(ctx.config, i) })) };
  },
  ...integrationCommands,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command || name === "--help") {
    console.error(name && name !== "--help" ? `Unknown command "${name}".\n\n${usage}` : usage);
    return name && name !== "--help" ? 2 : 0;
  }
  const { values } = parseArgs({ args: rest, options: flags, strict: true, allowPositionals: false });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (values.password !== undefined) throw passwordOnCommandLine();
  const config = configFromEnv();
  if (config.secretKeySource.includes("created now")) console.error(`Carrier credentials key: ${config.secretKeySource}`);
  const result = await withCliContext(config, (ctx) => command(ctx, values as Flags));
  console.log(JSON.stringify(result, null, 2));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    const message =
      err instanceof z.ZodError
        ? describeZod(err)
        : err instanceof AppError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
          ? (err as Error).message
          : String(err);
    console.error(`error: ${message}`);
    process.exit(1);
  },
);
