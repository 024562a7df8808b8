// API keys for other apps (server-to-server): listed without their secret, which only the creating answer carries.
import { z } from "zod";
import { isoTime } from "./entities";

export const apiKeyScopes = ["messages:send", "contacts:write", "events:write", "read"] as const;
export const ApiKey = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(apiKeyScopes)),
  createdBy: z.string(),
  createdAt: isoTime,
  lastUsedAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;
export const ApiKeysResponse = z.object({ apiKeys: z.array(ApiKey) });
/** `key` (stk_…) is in this answer only: the server keeps its hash. */
export const ApiKeyCreatedResponse = z.object({ apiKey: ApiKey, key: z.string() });
