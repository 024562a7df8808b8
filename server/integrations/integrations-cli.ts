// The CLI's integration commands (server/cli.ts): what is connected — CRMs, webhook endpoints, API keys —
// never a credential, secret or key; and revoking an API key (it stops working at once).
import { z } from "zod";
import type { ServerContext } from "../context";
import { AppError } from "../errors";
import { listApiKeys } from "./api-keys/api-keys.repository";
import { revokeKey } from "./api-keys/api-keys";
import { allConnections, toCrmConnection } from "./crm/crm-connections.repository";
import { listEndpoints } from "./webhooks/webhooks.repository";

export const integrationUsage = `  integrations:list    the CRM connections, webhook endpoints and API keys (never their secrets)
  api-key:revoke       --id KEY_ID   (the 16 hex digits after stk_; see integrations:list)`;

const KeyId = z.string({ error: "--id: give the key's id (integrations:list shows it)" }).regex(/^[0-9a-f]{16}$/, "--id: 16 hex digits, e.g. 3f9c0a1b2c3d4e5f");

export const integrationCommands: Record<string, (ctx: ServerContext, f: { id?: unknown }) => Promise<unknown>> = {
  async "integrations:list"(ctx) {
    const { db } = ctx.database;
    const [crm, webhooks, keys] = await Promise.all([allConnections(db), listEndpoints(db), listApiKeys(db)]);
    return {
      crmConnections: crm.map(toCrmConnection),
      webhooks,
      apiKeys: keys.map((k) => ({ ...k, scopes: JSON.parse(k.scopes) as string[] })),
    };
  },
  async "api-key:revoke"(ctx, f) {
    const id = KeyId.parse(f.id);
    if (!(await revokeKey(ctx, null, id))) throw new AppError("not_found", `No live API key with id ${id} (see integrations:list)`);
    return { apiKey: id, revoked: true };
  },
};
