// Every /v1 route is authenticated unless it opts out with `config: { public: true }`.
import fp from "fastify-plugin";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../errors";
import { bearerToken, userForToken, type AuthedUser } from "./authenticate";

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
  app.addHook("onRequest", async (req) => {
    if (!req.url.startsWith("/v1/") || req.routeOptions.config?.public) return;
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new AppError("unauthorized", "Sign in first: send Authorization: Bearer <token>");
    const user = await userForToken(app.ctx.database.db, token);
    if (!user) throw new AppError("unauthorized", "Your session has expired or was signed out; sign in again");
    req.user = user;
  });
});

/** The signed-in user of a route that is not public (the hook guarantees one). */
export function currentUser(req: FastifyRequest): AuthedUser {
  if (!req.user) throw new AppError("unauthorized", "Sign in first");
  return req.user;
}

export function requireAdmin(user: AuthedUser) {
  if (user.role === "agent") throw new AppError("forbidden", "Only owners and admins can do this");
}

/** Members only; others get 404 so that an inbox's existence does not leak. */
export function requireMember(user: AuthedUser, inboxId: string, what = "Conversation") {
  if (!user.inboxIds.includes(inboxId)) throw new AppError("not_found", `${what} not found`);
}
