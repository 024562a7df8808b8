// What a rep's client needs to show (or hide) the AI controls, and the rep's own language settings.
import type { AiStatus } from "../../src/protocol/ai";
import type { AuthedUser } from "../auth/authenticate";
import type { ServerContext } from "../context";
import { readPreference, writePreference } from "./ai.repository";
import { readAiSetup, type AiEndpoint, type AiSetup } from "./ai-config";
import { anyBrandVoiceFor } from "./brand-voice";
import { AiFailure } from "./model-client";

/** English until the rep picks their language. */
const DEFAULT_LANGUAGE = "en";

export async function aiStatusFor(ctx: ServerContext, user: AuthedUser): Promise<AiStatus> {
  const setup = await readAiSetup(ctx);
  const pref = await readPreference(ctx.database.db, user.id);
  const actions: AiStatus["actions"] = ["fix", "shorten", "friendlier", "professional", "simplify"];
  // Offered when the workspace or one of the rep's locations has a voice (a conversation of a location
  // without one, in a workspace without one, is told so when asked).
  if (await anyBrandVoiceFor(ctx, user, setup)) actions.push("brand");
  return { enabled: setup.endpoint !== null, actions, language: pref?.language ?? DEFAULT_LANGUAGE, autoTranslate: Boolean(pref?.autoTranslate) };
}

export async function changePreferences(ctx: ServerContext, user: AuthedUser, patch: { language?: string; autoTranslate?: boolean }): Promise<AiStatus> {
  const current = await aiStatusFor(ctx, user);
  await writePreference(ctx.database.db, user.id, patch.language ?? current.language, patch.autoTranslate ?? current.autoTranslate);
  return aiStatusFor(ctx, user);
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
