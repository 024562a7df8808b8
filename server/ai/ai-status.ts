// What a rep's client needs to show (or hide) the AI controls, and the rep's own language settings.
import type { AiStatus } from "../../src/protocol/ai";
import type { ServerContext } from "../context";
import { readPreference, writePreference } from "./ai.repository";
import { readAiSetup, type AiEndpoint, type AiSetup } from "./ai-config";
import { AiFailure } from "./model-client";

/** English until the rep picks their language. */
const DEFAULT_LANGUAGE = "en";

export async function aiStatusFor(ctx: ServerContext, userId: string): Promise<AiStatus> {
  const setup = await readAiSetup(ctx);
  const pref = await readPreference(ctx.database.db, userId);
  const actions: AiStatus["actions"] = ["fix", "shorten", "friendlier", "professional", "simplify"];
  if (setup.brandVoice.trim()) actions.push("brand");
  return { enabled: setup.endpoint !== null, actions, language: pref?.language ?? DEFAULT_LANGUAGE, autoTranslate: Boolean(pref?.autoTranslate) };
}

export async function changePreferences(ctx: ServerContext, userId: string, patch: { language?: string; autoTranslate?: boolean }): Promise<AiStatus> {
  const current = await aiStatusFor(ctx, userId);
  await writePreference(ctx.database.db, userId, patch.language ?? current.language, patch.autoTranslate ?? current.autoTranslate);
  return aiStatusFor(ctx, userId);
}

export async function agentLanguage(ctx: ServerContext, userId: string): Promise<string> {
  return (await readPreference(ctx.database.db, userId))?.language ?? DEFAULT_LANGUAGE;
}

/** The setup with its endpoint, or a 503 saying AI is off. */
export async function requireAi(ctx: ServerContext): Promise<AiSetup & { endpoint: AiEndpoint }> {
  const setup = await readAiSetup(ctx);
  if (!setup.endpoint) throw new AiFailure(503, "AI is not set up on this server; an admin can connect a model service in Admin console → AI.");
  return setup as AiSetup & { endpoint: AiEndpoint };
}
