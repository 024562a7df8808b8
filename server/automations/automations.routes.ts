// Automation rules and their run logs (owners and admins; agents get 403), and business hours per inbox
// (members read them, owners and admins set them).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { IdParams } from "../../src/protocol/api";
import {
  BusinessHours,
  BusinessHoursResponse,
  DryRunResponse,
  RuleBody,
  RulePatchBody,
  RuleResponse,
  RuleRunsResponse,
  RulesResponse,
} from "../../src/protocol/automations";
import { currentUser } from "../auth/auth.plugin";
import { failures, noContent } from "../openapi/failures";
import { dryRun } from "./dry-run";
import { scheduledSendRoutes } from "./scheduled-sends.routes";
import { businessHoursOf, changeRule, createRule, removeRule, ruleLogOf, rulesFor, setBusinessHours } from "./rules.service";

export async function automationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ["automations"];
  const rule = "/automations/rules";
  app.post(
    rule,
    { schema: { tags, summary: "Create an automation rule", body: RuleBody, response: { 201: RuleResponse, ...failures(403) } } },
    async (req, reply) => reply.code(201).send({ rule: await createRule(ctx, currentUser(req), req.body) }),
  );
  app.post(
    `${rule}/dry-run`,
    {
      schema: {
        tags,
        summary: "Replay the last 30 days of events against a draft rule: how often it would have acted, why not, examples",
        description: "Nothing is written or sent. Business hours are checked at each event's time, other conditions against the conversation as it is now.",
        body: RuleBody,
        response: { 200: DryRunResponse, ...failures(403) },
      },
    },
    async (req) => ({ dryRun: await dryRun(ctx, currentUser(req), req.body) }),
  );
  app.get(rule, { schema: { tags, summary: "Every rule, by priority", response: { 200: RulesResponse, ...failures(403) } } }, async (req) => ({
    rules: await rulesFor(ctx, currentUser(req)),
  }));
  app.patch(
    `${rule}/:id`,
    { schema: { tags, summary: "Change a rule", params: IdParams, body: RulePatchBody, response: { 200: RuleResponse, ...failures(403, 404) } } },
    async (req) => ({ rule: await changeRule(ctx, currentUser(req), req.params.id, req.body) }),
  );
  app.delete(
    `${rule}/:id`,
    { schema: { tags, summary: "Delete a rule and its run log", params: IdParams, response: { ...noContent, ...failures(403, 404) } } },
    async (req, reply) => {
      await removeRule(ctx, currentUser(req), req.params.id);
      return reply.code(204).send();
    },
  );
  app.get(
    `${rule}/:id/runs`,
    {
      schema: {
        tags,
        summary: "A rule's run log, newest first: when, which conversation, what it did or why it was skipped",
        params: IdParams,
        response: { 200: RuleRunsResponse, ...failures(403, 404) },
      },
    },
    async (req) => ({ runs: await ruleLogOf(ctx, currentUser(req), req.params.id) }),
  );
  const hours = "/inboxes/:id/business-hours";
  app.get(
    hours,
    {
      schema: {
        tags,
        summary: "An inbox's business hours (null when none are set)",
        params: IdParams,
        response: { 200: BusinessHoursResponse, ...failures(404) },
      },
    },
    async (req) => ({
      hours: await businessHoursOf(ctx, currentUser(req), req.params.id),
    }),
  );
  app.put(
    hours,
    {
      schema: {
        tags,
        summary: "Set an inbox's business hours: weekly shifts, holidays, IANA time zone",
        params: IdParams,
        body: BusinessHours,
        response: { 200: z.object({ hours: BusinessHours }), ...failures(403, 404) },
      },
    },
    async (req) => ({ hours: await setBusinessHours(ctx, currentUser(req), req.params.id, req.body) }),
  );
  await scheduledSendRoutes(fastify);
}
