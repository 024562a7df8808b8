// Reply templates over HTTP: everyone reads the workspace's and their inboxes' templates; owners and admins
// write them (the rules: templates.service.ts).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { IdParams, TemplateBody, TemplatePatchBody, TemplateResponse, TemplatesResponse } from "../../src/protocol/api";
import { failures, noContent } from "../openapi/failures";
import { currentUser } from "../auth/auth.plugin";
import { changeTemplate, createTemplate, removeTemplate, templatesFor } from "./templates.service";

export async function templateRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;

  app.get(
    "/templates",
    {
      schema: { tags: ["templates"], summary: "Templates of the workspace and of the user's inboxes", response: { 200: TemplatesResponse, ...failures() } },
    },
    async (req) => ({ templates: await templatesFor(ctx, currentUser(req)) }),
  );

  app.post(
    "/templates",
    {
      schema: {
        tags: ["templates"],
        summary: "Create a template (owners and admins)",
        body: TemplateBody,
        response: { 201: TemplateResponse, ...failures(403, 404, 413) },
      },
    },
    async (req, reply) => reply.code(201).send({ template: await createTemplate(ctx, currentUser(req), req.body) }),
  );

  app.patch(
    "/templates/:id",
    {
      schema: {
        tags: ["templates"],
        summary: "Change a template (owners and admins); moving it to another inbox gives it a new id",
        params: IdParams,
        body: TemplatePatchBody,
        response: { 200: TemplateResponse, ...failures(403, 404, 413) },
      },
    },
    async (req) => ({ template: await changeTemplate(ctx, currentUser(req), req.params.id, req.body) }),
  );

  app.delete(
    "/templates/:id",
    {
      schema: { tags: ["templates"], summary: "Delete a template (owners and admins)", params: IdParams, response: { ...noContent, ...failures(403, 404) } },
    },
    async (req, reply) => {
      await removeTemplate(ctx, currentUser(req), req.params.id);
      return reply.code(204).send();
    },
  );
}
