// Rule packs over HTTP (the rules: rule-packs.service.ts).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { IdParams } from "../../src/protocol/api";
import {
  LocationPackRule,
  LocationPackRulePatch,
  LocationPackRulesResponse,
  RulePackBody,
  RulePackPatchBody,
  RulePackResponse,
  RulePacksResponse,
} from "../../src/protocol/locations";
import { currentUser } from "../auth/auth.plugin";
import { failures } from "../openapi/failures";
import { changeRulePack, createRulePack, packRulesOfLocation, rulePacksForHq, switchPackRule } from "./rule-packs.service";

const LocationRuleParams = z.strictObject({ id: z.string().min(1).max(100), ruleId: z.string().min(1).max(100) });

export async function rulePackRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ["automations"];

  app.get(
    "/rule-packs",
    {
      schema: {
        tags,
        summary: "HQ's rule packs with every location's rule and its drift (owners and admins)",
        response: { 200: RulePacksResponse, ...failures(403) },
      },
    },
    async (req) => ({ rulePacks: await rulePacksForHq(app.ctx, currentUser(req)) }),
  );

  app.post(
    "/rule-packs",
    {
      schema: {
        tags,
        summary: "Write a rule pack and push it to every location or the ones named (owners and admins)",
        body: RulePackBody,
        response: { 201: RulePackResponse, ...failures(403) },
      },
    },
    async (req, reply) => reply.code(201).send({ rulePack: await createRulePack(app.ctx, currentUser(req), req.body) }),
  );

  app.patch(
    "/rule-packs/:id",
    {
      schema: {
        tags,
        summary: "A new version of a rule pack, pushed to its locations at once (owners and admins)",
        params: IdParams,
        body: RulePackPatchBody,
        response: { 200: RulePackResponse, ...failures(403, 404) },
      },
    },
    async (req) => ({ rulePack: await changeRulePack(app.ctx, currentUser(req), req.params.id, req.body) }),
  );

  app.get(
    "/locations/:id/rule-packs",
    {
      schema: {
        tags,
        summary: "The pack rules running at a location (anyone who sees it)",
        params: IdParams,
        response: { 200: LocationPackRulesResponse, ...failures(404) },
      },
    },
    async (req) => ({ rules: await packRulesOfLocation(app.ctx, currentUser(req), req.params.id) }),
  );

  app.patch(
    "/locations/:id/rule-packs/:ruleId",
    {
      schema: {
        tags,
        summary: "Switch a pack rule off (if HQ allows) or on again at a location (its admins)",
        params: LocationRuleParams,
        body: LocationPackRulePatch,
        response: { 200: z.object({ rule: LocationPackRule }), ...failures(403, 404, 409) },
      },
    },
    async (req) => ({ rule: await switchPackRule(app.ctx, currentUser(req), req.params.id, req.params.ruleId, req.body.enabled) }),
  );
}
