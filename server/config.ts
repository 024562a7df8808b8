// Configuration from the environment, validated once at start: a typo fails loudly, not later.
import { isIP } from "node:net";
import { z } from "zod";
import { resolveSecretKey } from "./secret-key";
import { mediaConfigFromEnv, type MediaStorageConfig } from "./media/media-config";
import { resolveVapidKeys, type VapidKeys } from "./push/vapid-keys";
import { aiFromEnv, type AiEnvironment } from "./ai/ai-env";

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z.string().default("sqlite:./data/sidetext.db"),
  // Without a trailing slash: webhook URLs are PUBLIC_URL + "/webhooks/…", signed by carriers as given.
  PUBLIC_URL: z
    .string()
    .url()
    .transform((u) => u.replace(/\/+$/, ""))
    .optional(),
  SIDETEXT_SEED: z.enum(["demo", "none"]).default("none"),
  SIDETEXT_SEED_HISTORY: z.enum(["on", "off"]).default("on"),
  SIDETEXT_SIMULATOR: z.enum(["on", "off"]).optional(),
  SIDETEXT_CHECK_CARRIER_CREDENTIALS: z.enum(["on", "off"]).optional(),
  SIDETEXT_SECRET_KEY: z.string().optional(),
  SIDETEXT_SECRET_KEY_FILE: z.string().optional(),
  VAPID_PUBLIC_KEY: z.string().optional(),
  VAPID_PRIVATE_KEY: z.string().optional(),
  VAPID_SUBJECT: z.string().optional(),
  SMTP_URL: z.string().url().optional(),
  SMTP_FROM: z.string().optional(),
  TRUST_PROXY: z.string().optional(),
  // A session unused this long signs out (0: never); sessions end after 30 days in any case.
  SIDETEXT_SESSION_IDLE_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 30)
    .default(24 * 14),
  // Events older than this leave the feed (0: kept forever); a client further behind bootstraps again.
  SIDETEXT_EVENT_RETENTION_DAYS: z.coerce.number().min(0).default(90),
  // The audit trail's own rows (administrative changes, exports) outlive the feed: kept this long (0: forever; default 7 years).
  SIDETEXT_AUDIT_RETENTION_DAYS: z.coerce.number().min(0).default(2557),
  /** "warn" leaves out the two info lines every request writes (bench/postgres-scale.ts measures their cost). */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).default("info"),
  NODE_ENV: z.string().optional(),
});

export interface ServerConfig {
  port: number;
  host: string;
  databaseUrl: string;
  /** The address carriers and browsers reach this server at; webhook signatures are checked over it. */
  publicUrl: string;
  seed: "demo" | "none";
  /**
   * With the demo seed, a month of history behind the demo threads (analytics, the roll-up). About 11,000 feed
   * events that every background consumer reads at start: the tests leave it out unless they look at it.
   */
  seedHistory: boolean;
  simulator: boolean;
  /** Key for carrier credentials at rest (AES-256-GCM); derived from this secret (secret-key.ts). */
  secretKey: string;
  /** Where secretKey came from, for the start-up log; never the key. */
  secretKeySource: string;
  /**
   * Which proxies' X-Forwarded-For to believe (Fastify's trustProxy): none (false), the nearest N hops (only
   * when the server is reachable through the proxies alone), or these addresses/CIDRs. Believing any sender
   * would let a client pick its own address for the login limit.
   */
  trustProxy: false | number | string[];
  /** Login attempts allowed per client address and email per minute. */
  loginRateLimit: number;
  /** Login attempts allowed per client address per minute, whatever the email (each costs a password hash). */
  loginAddressLimit: number;
  /** Failed sign-ins to one account (from anywhere) that lock it, within loginLockMs. */
  loginAccountLimit: number;
  /** How long an account stays locked after loginAccountLimit failures. */
  loginLockMs: number;
  /** A session not used for this long is signed out; 0 turns the idle timeout off. */
  sessionIdleMs: number;
  /** How often timers run (snooze wake-up, delivery retries, overdue receipts). */
  tickMs: number;
  /** The simulator's pace: queued → sent → delivered takes about 3 steps of this. */
  simulatorStepMs: number;
  /** A sent message with no receipt after this long is flagged deliveryOverdue. */
  deliveryOverdueMs: number;
  /** A stream socket must send its auth frame within this long after connecting. */
  streamAuthTimeoutMs: number;
  /** On PostgreSQL: how often the event table is read for other instances' events a notification missed. */
  clusterPollMs: number;
  /** Events older than this are pruned from the feed, oldest first (0: never); clients behind it get 410 cursor_expired. */
  eventRetentionMs: number;
  /** The audit trail's `audit.*` rows are kept this long, past the feed's retention (0: forever). */
  auditRetentionMs: number;
  /** Texts one user may queue per minute (replies and new conversations together); then 429 rate_limited. */
  sendRateLimit: number;
  /** Notes one user may write per minute; then 429 rate_limited. */
  noteRateLimit: number;
  /** Stream sockets one address may hold open before they sign in; more are closed with 4429. */
  streamPreAuthPerAddress: number;
  /** How media URLs' host names are resolved for the public-address check (tests hand in their own; default DNS). */
  resolveMediaHost?: (hostname: string) => Promise<string[]>;
  /** The web app's build (Vite's output) served at /; web/dist unless given (tests hand in their own). */
  webDir?: string;
  /** Where uploads and customers' MMS files are kept (media/media-config.ts); `media/` beside the SQLite file unless given. */
  media?: MediaStorageConfig;
  /** How long a signed media link works (default 24 h). */
  mediaUrlTtlMs?: number;
  /** The clock media links are signed and checked by (tests move it forward); Date.now otherwise. */
  mediaClock?: () => number;
  /** The pair that signs Web Push (push/vapid-keys.ts); without one (tests) the server makes one for its lifetime. */
  vapidKeys?: VapidKeys;
  /** Tests and benchmarks only: allow push endpoints on http:// (a local test push service); real ones are https. */
  pushAllowHttp?: boolean;
  /** Ask Twilio/Telnyx whether an inbox's credentials and number are good before keeping them (carriers/verify-credentials.ts). */
  checkCarrierCredentials?: boolean;
  /** Where invite links are mailed from (invites/invite-mail.ts); without SMTP_URL links are only shown. */
  smtp?: { url: string; from: string };
  /** The model service from SIDETEXT_AI_* (ai/ai-config.ts); the admin console's endpoint, if set, wins. */
  ai?: AiEnvironment;
  logger: boolean;
  /** The app logger's level when `logger` is on (LOG_LEVEL). */
  logLevel?: string;
}

export function configFromEnv(env: Record<string, string | undefined> = process.env): ServerConfig {
  const e = Env.parse(env);
  const production = e.NODE_ENV === "production";
  const secret = resolveSecretKey(e, e.DATABASE_URL);
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  return defaultConfig({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    publicUrl,
    seed: e.SIDETEXT_SEED,
    seedHistory: e.SIDETEXT_SEED_HISTORY === "on",
    simulator: e.SIDETEXT_SIMULATOR ? e.SIDETEXT_SIMULATOR === "on" : !production,
    // Off under a test runner (no carrier to ask; the tests that check turn it on against local fakes).
    checkCarrierCredentials: e.SIDETEXT_CHECK_CARRIER_CREDENTIALS ? e.SIDETEXT_CHECK_CARRIER_CREDENTIALS === "on" : e.NODE_ENV !== "test",
    secretKey: secret.key,
    secretKeySource: secret.created ? `${secret.source} (created now: back it up with the database)` : secret.source,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    sessionIdleMs: e.SIDETEXT_SESSION_IDLE_HOURS * 3_600_000,
    eventRetentionMs: e.SIDETEXT_EVENT_RETENTION_DAYS * 86_400_000,
    auditRetentionMs: e.SIDETEXT_AUDIT_RETENTION_DAYS * 86_400_000,
    ...mediaConfigFromEnv(env, e.DATABASE_URL),
    vapidKeys: resolveVapidKeys(e, e.DATABASE_URL, publicUrl),
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM ?? "Sidetext <sidetext@localhost>" } : undefined,
    ai: aiFromEnv(env),
    logger: true,
    logLevel: e.LOG_LEVEL,
  });
}

const proxyNames = new Set(["loopback", "linklocal", "uniquelocal"]);

/** TRUST_PROXY: unset or "off" (trust none), a hop count, or a comma list of addresses, CIDRs and proxy-addr names. */
export function parseTrustProxy(raw: string | undefined): false | number | string[] {
  const text = raw?.trim() ?? "";
  if (text === "" || text === "off" || text === "false" || text === "0") return false;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const bad = entries.filter((p) => !isProxyAddress(p));
  if (text === "true" || bad.length > 0) {
    throw new Error(
      `TRUST_PROXY: ${text === "true" ? '"true" would believe any client\'s X-Forwarded-For' : `not an address or CIDR: ${bad.join(", ")}`}; give a hop count (1) or the proxies' addresses (10.0.0.5,10.1.0.0/16)`,
    );
  }
  return entries;
}

function isProxyAddress(entry: string): boolean {
  if (proxyNames.has(entry)) return true;
  const [address, prefix, extra] = entry.split("/");
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

export function defaultConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    port: 8787,
    host: "127.0.0.1",
    databaseUrl: "sqlite::memory:",
    publicUrl: "http://localhost:8787",
    seed: "none",
    seedHistory: true,
    simulator: true,
    // Tests only: configFromEnv (the server, the CLI) never uses it (secret-key.ts).
    secretKey: "sidetext-development-only-secret",
    secretKeySource: "the test key",
    trustProxy: false,
    loginRateLimit: 20,
    loginAddressLimit: 100,
    loginAccountLimit: 10,
    loginLockMs: 15 * 60_000,
    sessionIdleMs: 14 * 24 * 3_600_000,
    tickMs: 1000,
    simulatorStepMs: 350,
    deliveryOverdueMs: 10 * 60_000,
    streamAuthTimeoutMs: 10_000,
    clusterPollMs: 1000,
    eventRetentionMs: 90 * 86_400_000,
    auditRetentionMs: 2557 * 86_400_000,
    sendRateLimit: 120,
    noteRateLimit: 60,
    streamPreAuthPerAddress: 50,
    logger: false,
    ...overrides,
  };
}
