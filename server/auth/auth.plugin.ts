// Every /v1 route is authenticated unless it opts out with `config: { public: true }`.
import fp from "fastify-plugin";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../errors";
import { bearerToken, sessionForTokenHash, type AuthedUser } from "./authenticate";
import { SessionCache } from "./session-cache";
import { isApiKey, principalForApiKey, requireScope } from "../integrations/api-keys/api-keys";

declare module "fastify" {
  interface FastifyRequest {
    user: AuthedUser | null;
  }
  interface FastifyContextConfig {
    public?: boolean;
  }
}

export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest("user", null);
  // Sessions are remembered briefly, forgotten at any access change this process hears of: its own at once,
  // another instance's (PostgreSQL) a few milliseconds after its commit, while the cluster listens (session-cache.ts).
  const { cluster } = app.ctx;
  const load = (tokenHash: string) => sessionForTokenHash(app.ctx.database.db, tokenHash);
  const sessions = new SessionCache(app.ctx.bus, load, undefined, cluster ? () => cluster.listening : undefined);
  app.addHook("onClose", async () => sessions.stop());
  app.addHook("onRequest", async (req) => {
    if (!req.url.startsWith("/v1/") || req.routeOptions.config?.public) return;
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new AppError("unauthorized", "Sign in first: send Authorization: Bearer <token>");
    if (isApiKey(token)) {
      // An API key: the workspace's integration, allowed only what its scopes name (api-keys.ts).
      const principal = await principalForApiKey(app.ctx.database.db, token);
      if (!principal) throw new AppError("unauthorized", "This API key is unknown or was revoked");
      requireScope(principal, req.method, req.routeOptions.url ?? "");
      req.user = principal;
      return;
    }
    const user = await sessions.userFor(token);
    if (!user) throw new AppError("unauthorized", "Your session has expired or was signed out; sign in again");
    req.user = user;
  });
});

/** The signed-in user of a route that is not public (the hook guarantees one). */
export function currentUser(req: FastifyRequest): AuthedUser {
  if (!req.user) throw new AppError("unauthorized", "Sign in first");
  return req.user;
}
