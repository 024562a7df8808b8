// GET /v1/analytics/…: the published definitions, breakdowns and the franchisor roll-up, as JSON and as CSV
// (every table), for the web app and people's own BI; SLA targets per inbox and the conversations waiting now.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { IdParams } from "../../src/protocol/api";
import {
  AnalyticsQuery,
  BreakdownQuery,
  BreakdownResponse,
  definitions,
  RollupResponse,
  SlaTarget,
  SlaTargetResponse,
  SlaWaitsResponse,
} from "../../src/protocol/analytics";
import { currentUser } from "../auth/auth.plugin";
import { requireAdmin } from "../auth/permissions";
import { failures } from "../openapi/failures";
import { breakdown, rollup } from "./analytics.service";
import { rebuildAnalytics } from "./consumer";
import { metricsCsv } from "./csv";
import { setSlaTarget, slaTargetOf, waitsOf } from "./sla.service";

const csv = (name: string) => ({ "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}.csv"` });

export async function analyticsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ["analytics"];
  app.get(
    "/analytics/definitions",
    { schema: { tags, summary: "What each number means", response: { 200: z.object({ definitions: z.record(z.string(), z.string()) }) } } },
    async () => ({
      definitions,
    }),
  );
  app.get(
    "/analytics/breakdown",
    {
      schema: {
        tags,
        summary: "The metrics by day, week, agent, inbox, location or region",
        querystring: BreakdownQuery,
        response: { 200: BreakdownResponse, ...failures(400, 404) },
      },
    },
    async (req) => breakdown(ctx, currentUser(req), req.query),
  );
  app.get("/analytics/breakdown.csv", { schema: { tags, summary: "The same breakdown as CSV", querystring: BreakdownQuery } }, async (req, reply) => {
    const b = await breakdown(ctx, currentUser(req), req.query);
    return reply.headers(csv(`sidetext-${b.by}-${b.from}-${b.to}`)).send(metricsCsv(b.rows));
  });
  app.get(
    "/analytics/rollup",
    {
      schema: {
        tags,
        summary: "Locations side by side, with trends and what needs attention",
        querystring: AnalyticsQuery,
        response: { 200: RollupResponse, ...failures(400, 404) },
      },
    },
    async (req) => rollup(ctx, currentUser(req), req.query),
  );
  app.get("/analytics/rollup.csv", { schema: { tags, summary: "The roll-up as CSV", querystring: AnalyticsQuery } }, async (req, reply) => {
    const r = await rollup(ctx, currentUser(req), req.query);
    const extra = [
      { name: "region", value: (x: (typeof r.rows)[number]) => x.region },
      { name: "waitingNow", value: (x: (typeof r.rows)[number]) => x.waitingNow },
      { name: "overTargetNow", value: (x: (typeof r.rows)[number]) => x.overTargetNow },
      { name: "attention", value: (x: (typeof r.rows)[number]) => x.attention.join("; ") },
    ];
    return reply.headers(csv(`sidetext-locations-${r.from}-${r.to}`)).send(metricsCsv(r.rows, extra));
  });
  app.post(
    "/analytics/rebuild",
    {
      schema: {
        tags,
        summary: "Recompute every rollup from the retained feed (owners and admins)",
        response: { 200: z.object({ events: z.number() }), ...failures(403) },
      },
    },
    async (req) => {
      requireAdmin(currentUser(req));
      return { events: await rebuildAnalytics(ctx) };
    },
  );
  app.get(
    "/inboxes/:id/sla",
    { schema: { tags, summary: "An inbox's SLA target (null when none is set)", params: IdParams, response: { 200: SlaTargetResponse, ...failures(404) } } },
    async (req) => ({ target: await slaTargetOf(ctx, currentUser(req), req.params.id) }),
  );
  app.put(
    "/inboxes/:id/sla",
    {
      schema: {
        tags,
        summary: "Set an inbox's SLA target: first response and reply minutes, in business hours or not",
        params: IdParams,
        body: SlaTarget,
        response: { 200: z.object({ target: SlaTarget }), ...failures(400, 403, 404) },
      },
    },
    async (req) => ({ target: await setSlaTarget(ctx, currentUser(req), req.params.id, req.body) }),
  );
  app.get(
    "/sla/waits",
    { schema: { tags, summary: "Conversations waiting for an answer now, with SLA due times", response: { 200: SlaWaitsResponse } } },
    async (req) => waitsOf(ctx, currentUser(req)),
  );
}
