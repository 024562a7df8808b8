// Changing one's own password (the rules: auth.service.ts): it meets the account's failed sign-in limit like a
// sign-in; on success every other session of the user ends, this one goes on.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { ChangePasswordBody, ChangePasswordResponse } from "../../src/protocol/account";
import { failures } from "../openapi/failures";
import { currentUser } from "./auth.plugin";
import { bearerToken } from "./authenticate";
import { hashToken } from "./passwords";
import { changePassword } from "./auth.service";
import { hashSlotsFor } from "./hash-slots";

export async function passwordRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const hashing = hashSlotsFor(app.ctx);

  app.post(
    "/auth/password",
    {
      schema: {
        tags: ["auth"],
        summary: "Change your password; your other sessions are signed out. 429 while the account is locked by failed attempts",
        body: ChangePasswordBody,
        response: { 200: ChangePasswordResponse, ...failures(403, 429) },
      },
    },
    async (req) => {
      const keep = hashToken(bearerToken(req.headers.authorization) ?? "");
      return { signedOutSessions: await changePassword(app.ctx, hashing, currentUser(req), keep, req.body) };
    },
  );
}
