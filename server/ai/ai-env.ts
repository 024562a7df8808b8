// SIDETEXT_AI_BASE_URL, SIDETEXT_AI_MODEL, SIDETEXT_AI_API_KEY (and SIDETEXT_AI_TIMEOUT_SECONDS), read once at start.
export interface AiEnvironment {
  baseUrl: string | null;
  model: string | null;
  apiKey: string | null;
  /** How long one call to the model may take. */
  timeoutMs: number;
}

export function aiFromEnv(env: Record<string, string | undefined>): AiEnvironment {
  const timeout = Number(env.SIDETEXT_AI_TIMEOUT_SECONDS ?? 20);
  return {
    baseUrl: env.SIDETEXT_AI_BASE_URL?.trim() || null,
    model: env.SIDETEXT_AI_MODEL?.trim() || null,
    apiKey: env.SIDETEXT_AI_API_KEY?.trim() || null,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : 20_000,
  };
}
