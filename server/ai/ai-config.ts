// Where the model service is: the admin console's endpoint when one was set there, else the environment
// (SIDETEXT_AI_BASE_URL, SIDETEXT_AI_MODEL, SIDETEXT_AI_API_KEY), else none: AI is off and its controls hidden.
// The console's key is sealed like carrier credentials (carriers/credentials.ts) and never returned.
import type { AiConfig, AiConfigPatch } from "../../src/protocol/ai";
import { decryptCredentials, encryptCredentials } from "../carriers/credentials";
import type { ServerContext } from "../context";
import type { Executor } from "../db/executor";
import { AppError } from "../errors";
import { now } from "../ids";
import { readAiSettingsRow, usageOf, writeAiSettingsRow, type AiSettingsRow } from "./ai.repository";
import type { AiEnvironment } from "./ai-env";
import { inTransaction } from "../events/transaction";
import { changedFields, recordAdminChange, secretChange, urlWithoutSecrets } from "../audit/admin-changes";

// The audit trail's view of the settings: the key is only ever "set", "replaced" or "removed".
const aiSettings = ["baseUrl", "model", "brandVoice", "dailyRequestLimit", "dailyTokenLimit", "perUserPerMinute"] as const;
const settingsOf = (r: Partial<AiSettingsRow>) => ({ ...r, baseUrl: r.baseUrl ? urlWithoutSecrets(r.baseUrl) : null });

export interface AiEndpoint {
  baseUrl: string;
  model: string;
  apiKey: string | null;
  timeoutMs: number;
}
export interface AiSetup {
  source: AiConfig["source"];
  /** Null when AI is off (no endpoint, or no model named). */
  endpoint: AiEndpoint | null;
  brandVoice: string;
  limits: Pick<AiConfig, "dailyRequestLimit" | "dailyTokenLimit" | "perUserPerMinute">;
}

const DEFAULT_LIMITS = { dailyRequestLimit: 2000, dailyTokenLimit: 2_000_000, perUserPerMinute: 10 };
/** Associated data for the sealed key: a ciphertext copied into a carrier's column does not open here. */
const KEY_SCOPE = "ai-endpoint";

const envOf = (ctx: ServerContext): AiEnvironment => ctx.config.ai ?? { baseUrl: null, model: null, apiKey: null, timeoutMs: 20_000 };

export async function readAiSetup(ctx: ServerContext, db: Executor = ctx.database.db): Promise<AiSetup> {
  const row = await readAiSettingsRow(db);
  const env = envOf(ctx);
  const limits = row
    ? { dailyRequestLimit: row.dailyRequestLimit, dailyTokenLimit: row.dailyTokenLimit, perUserPerMinute: row.perUserPerMinute }
    : DEFAULT_LIMITS;
  const brandVoice = row?.brandVoice ?? "";
  if (row?.baseUrl) {
    const model = row.model ?? env.model;
    const apiKey = row.apiKeyEncrypted ? (decryptCredentials(ctx.config.secretKey, KEY_SCOPE, row.apiKeyEncrypted) as { apiKey: string }).apiKey : null;
    return { source: "console", endpoint: model ? { baseUrl: row.baseUrl, model, apiKey, timeoutMs: env.timeoutMs } : null, brandVoice, limits };
  }
  if (env.baseUrl && env.model) return { source: "environment", endpoint: { ...env, baseUrl: env.baseUrl, model: env.model }, brandVoice, limits };
  return { source: "off", endpoint: null, brandVoice, limits };
}

export const dayKey = (at = new Date()) => `day:${at.toISOString().slice(0, 10)}`;

export async function describeAiConfig(ctx: ServerContext): Promise<AiConfig> {
  const row = await readAiSettingsRow(ctx.database.db);
  const setup = await readAiSetup(ctx);
  const env = envOf(ctx);
  const fromConsole = setup.source === "console";
  return {
    source: setup.source,
    baseUrl: fromConsole ? (row?.baseUrl ?? null) : env.baseUrl,
    model: setup.endpoint?.model ?? row?.model ?? env.model,
    hasApiKey: fromConsole ? !!row?.apiKeyEncrypted : !!env.apiKey,
    brandVoice: setup.brandVoice,
    ...setup.limits,
    usageToday: await usageOf(ctx.database.db, dayKey()),
  };
}

export async function changeAiConfig(ctx: ServerContext, patch: AiConfigPatch, actorId: string | null = null): Promise<AiConfig> {
  const db = ctx.database.db;
  const row = await readAiSettingsRow(db);
  const next: AiSettingsRow = {
    baseUrl: row?.baseUrl ?? null,
    model: row?.model ?? null,
    apiKeyEncrypted: row?.apiKeyEncrypted ?? null,
    brandVoice: row?.brandVoice ?? "",
    ...DEFAULT_LIMITS,
    ...(row ? { dailyRequestLimit: row.dailyRequestLimit, dailyTokenLimit: row.dailyTokenLimit, perUserPerMinute: row.perUserPerMinute } : {}),
    updatedAt: now(),
  };
  if (patch.baseUrl !== undefined) next.baseUrl = patch.baseUrl?.replace(/\/+$/, "") ?? null;
  if (patch.model !== undefined) next.model = patch.model;
  if (patch.apiKey !== undefined) next.apiKeyEncrypted = patch.apiKey ? encryptCredentials(ctx.config.secretKey, KEY_SCOPE, { apiKey: patch.apiKey }) : null;
  for (const key of ["brandVoice", "dailyRequestLimit", "dailyTokenLimit", "perUserPerMinute"] as const)
    if (patch[key] !== undefined) Object.assign(next, { [key]: patch[key] });
  if (next.baseUrl && !next.model && !envOf(ctx).model)
    throw new AppError("validation_failed", "model: name the model to use with this endpoint (e.g. gpt-4o-mini)");
  await inTransaction(db, ctx.bus, async (tx) => {
    await writeAiSettingsRow(tx.db, next);
    const changes = changedFields(settingsOf(row ?? { ...DEFAULT_LIMITS, brandVoice: "" }), settingsOf(next), aiSettings);
    if (patch.apiKey !== undefined && (patch.apiKey || row?.apiKeyEncrypted))
      changes.push(secretChange("apiKey", !patch.apiKey ? "removed" : row?.apiKeyEncrypted ? "replaced" : "set"));
    await recordAdminChange(tx, "audit.ai_settings.updated", actorId, { id: "ai", label: "AI settings", changes });
  });
  return describeAiConfig(ctx);
}
