// Configuration from the environment, validated once at start: a typo fails loudly, not later.
import { z } from "zod";

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z.string().default("sqlite:./data/sidetext.db"),
  // Without a trailing slash: webhook URLs are PUBLIC_URL + "/webhooks/…", signed by carriers as given.
  PUBLIC_URL: z.string().url().transform((u) => u.replace(/\/+$/, "")).optional(),
  SIDETEXT_SEED: z.enum(["demo", "none"]).default("none"),
  SIDETEXT_SIMULATOR: z.enum(["on", "off"]).optional(),
  SIDETEXT_SECRET_KEY: z.string().optional(),
  NODE_ENV: z.string().optional(),
});

export interface ServerConfig {
  port: number;
  host: string;
  databaseUrl: string;
  /** The address carriers and browsers reach this server at; webhook signatures are checked over it. */
  publicUrl: string;
  seed: "demo" | "none";
  simulator: boolean;
  /** Key for carrier credentials at rest (AES-256-GCM); derived from this secret. */
  secretKey: string;
  /** Login attempts allowed per client per minute. */
  loginRateLimit: number;
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
  /** Texts one user may queue per minute (replies and new conversations together); then 429 rate_limited. */
  sendRateLimit: number;
  /** Notes one user may write per minute; then 429 rate_limited. */
  noteRateLimit: number;
  /** Stream sockets one address may hold open before they sign in; more are closed with 4429. */
  streamPreAuthPerAddress: number;
  logger: boolean;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const e = Env.parse(env);
  const production = e.NODE_ENV === "production";
  return defaultConfig({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    seed: e.SIDETEXT_SEED,
    simulator: e.SIDETEXT_SIMULATOR ? e.SIDETEXT_SIMULATOR === "on" : !production,
    secretKey: e.SIDETEXT_SECRET_KEY ?? (production ? missingSecret() : "sidetext-development-only-secret"),
    logger: true,
  });
}

function missingSecret(): never {
  throw new Error("SIDETEXT_SECRET_KEY must be set in production: it encrypts carrier credentials at rest.");
}

export function defaultConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    port: 8787,
    host: "127.0.0.1",
    databaseUrl: "sqlite::memory:",
    publicUrl: "http://localhost:8787",
    seed: "none",
    simulator: true,
    secretKey: "sidetext-development-only-secret",
    loginRateLimit: 20,
    tickMs: 1000,
    simulatorStepMs: 350,
    deliveryOverdueMs: 10 * 60_000,
    streamAuthTimeoutMs: 10_000,
    clusterPollMs: 1000,
    sendRateLimit: 120,
    noteRateLimit: 60,
    streamPreAuthPerAddress: 50,
    logger: false,
    ...overrides,
  };
}
