// GET /v1/lookup: the contact and conversations for a phone number (the rules: lookup.service.ts).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { LookupQuery, LookupResponse } from "../../src/protocol/api";
import { failures } from "../openapi/failures";
import { currentUser } from "../auth/auth.plugin";
import { lookUpNumber } from "./lookup.service";

export async function lookupRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    "/lookup",
    {
      schema: {
        tags: ["conversations"],
        summary: "Find the contact and conversations for a phone number written any way",
        description: "country (default US) says how to read a national number.",
        querystring: LookupQuery,
        response: { 200: LookupResponse, ...failures() },
      },
    },
    async (req) => lookUpNumber(app.ctx, currentUser(req), req.query),
  );
}
