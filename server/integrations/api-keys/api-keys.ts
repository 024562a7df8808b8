// API keys for other apps: `stk_<id>_<secret>` handed out once; the row holds the SHA-256 of the secret part
// (32 random bytes, so a plain hash is enough: nothing to guess) and is found by the id, the hashes compared
// in constant time. A key signs in as the workspace's integration: every inbox, never an admin (admin routes
// answer 403), and only what its scopes allow (scopeFor).
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Executor } from "../../db/executor";
import type { AuthedUser } from "../../auth/authenticate";
import { AppError } from "../../errors";
import { randomText } from "../../ids";
import { allInboxIds, apiKeyById, keyCreator, markApiKeyUsed, revokeApiKey } from "./api-keys.repository";
import type { ServerContext } from "../../context";
import { inTransaction } from "../../events/transaction";
import { recordAdminChange, secretChange } from "../../audit/admin-changes";

import type { ApiKey } from "../../../src/protocol/api-keys";

export type ApiKeyScope = ApiKey["scopes"][number];

const sha256 = (text: string) => createHash("sha256").update(text).digest();
const KEY = /^stk_([A-Za-z0-9]{16})_([A-Za-z0-9_-]{43})$/;
const TOUCH_MS = 60_000;

export const isApiKey = (token: string) => token.startsWith("stk_");

/** Revokes a live key and records it on the audit trail (actor null: the CLI); false when there is none. */
export function revokeKey(ctx: ServerContext, actorId: string | null, id: string): Promise<boolean> {
  return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const key = await apiKeyById(tx.db, id);
    if (!key || !(await revokeApiKey(tx.db, id))) return false;
    await recordAdminChange(tx, "audit.api_key.revoked", actorId, { id, label: `API key “${key.name}”`, changes: [secretChange("key", "removed")] });
    return true;
  });
}

export function newApiKey() {
  const id = randomText(12, "hex").slice(0, 16);
  const secret = randomBytes(32).toString("base64url");
  return { id, key: `stk_${id}_${secret}`, secretHash: sha256(secret).toString("hex") };
}

/** The key's principal for this request, or null when the key is unknown, revoked or wrong. */
export async function principalForApiKey(db: Executor, token: string): Promise<(AuthedUser & { apiKey: { id: string; scopes: ApiKeyScope[] } }) | null> {
  const m = KEY.exec(token);
  if (!m) return null;
  const row = await apiKeyById(db, m[1]);
  if (!row || row.revokedAt) return null;
  if (!timingSafeEqual(sha256(m[2]), Buffer.from(row.secretHash, "hex"))) return null;
  const at = Date.now();
  if (!row.lastUsedAt || at - Date.parse(row.lastUsedAt) > TOUCH_MS) await markApiKeyUsed(db, row.id, new Date(at).toISOString());
  const inboxIds = await allInboxIds(db);
  // Acts as the admin who made it (an author must be a user), with the role of an agent: never admin routes.
  const creator = await keyCreator(db, row.createdBy);
  if (!creator) return null;
  return { id: creator.id, email: creator.email, name: `API key ${row.name}`, role: "agent", inboxIds, apiKey: { id: row.id, scopes: JSON.parse(row.scopes) } };
}

/** The scope a request needs with an API key; null when keys may not do it at all (sign-in, admin, sessions…). */
function scopeFor(method: string, route: string): ApiKeyScope | null {
  if (method === "GET" || method === "HEAD") return route.startsWith("/v1/api-keys") || route.startsWith("/v1/auth") ? null : "read";
  if (method !== "POST" && method !== "PATCH" && method !== "PUT" && method !== "DELETE") return null;
  if (method === "POST" && (route === "/v1/messages" || route === "/v1/conversations/:id/messages")) return "messages:send";
  if (route === "/v1/events" || route.startsWith("/v1/hooks")) return "events:write";
  if (route.startsWith("/v1/contacts")) return "contacts:write";
  return null;
}

export function requireScope(principal: { apiKey: { scopes: ApiKeyScope[] } }, method: string, route: string) {
  const scope = scopeFor(method, route);
  if (scope === null) throw new AppError("forbidden", "API keys cannot use this endpoint; sign in as a user");
  if (!principal.apiKey.scopes.includes(scope)) throw new AppError("forbidden", `This API key lacks the ${scope} scope`);
}
