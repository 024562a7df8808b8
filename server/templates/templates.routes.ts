// Reply templates: everyone reads the workspace's and their inboxes' templates; owners and admins write them.
// An inbox-scoped template is managed only by a member of that inbox (others get 404, as everywhere).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { IdParams, TemplateBody, TemplatePatchBody, TemplateResponse, TemplatesResponse } from "../../src/protocol/api";
import { failures, noContent } from "../openapi/failures";
import type { Template } from "../../src/protocol/entities";
import type { AuthedUser } from "../auth/authenticate";
import { currentUser } from "../auth/auth.plugin";
import { requireAdmin, requireMember } from "../auth/permissions";
import type { Executor } from "../db/executor";
import { notFound } from "../errors";
import { inTransaction } from "../events/transaction";
import { newId, now } from "../ids";
import { deleteTemplate, findTemplateById, insertTemplate, listTemplates, updateTemplate } from "./templates.repository";

export async function templateRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const { db } = ctx.database;
  const write = <T>(work: Parameters<typeof inTransaction<T>>[2]) => inTransaction(db, ctx.bus, work);

  app.get("/templates", {
    schema: { tags: ["templates"], summary: "Templates of the workspace and of the user's inboxes", response: { 200: TemplatesResponse, ...failures() } },
  }, async (req) => ({ templates: await listTemplates(db, currentUser(req).inboxIds) }));

  app.post("/templates", {
    schema: { tags: ["templates"], summary: "Create a template (owners and admins)", body: TemplateBody, response: { 201: TemplateResponse, ...failures(403, 404, 413) } },
  }, async (req, reply) => {
    const user = currentUser(req);
    requireAdmin(user);
    if (req.body.inboxId) requireMember(user, req.body.inboxId, "Inbox");
    const at = now();
    const template: Template = { id: newId("tpl"), inboxId: null, shortcut: null, ...req.body, createdAt: at, updatedAt: at };
    await write(async (tx) => {
      await insertTemplate(tx.db, template);
      await tx.emit("template.created", template, { actorId: user.id, action: "created" });
    });
    return reply.code(201).send({ template });
  });

  app.patch("/templates/:id", {
    schema: { tags: ["templates"], summary: "Change a template (owners and admins); moving it to another inbox gives it a new id", params: IdParams, body: TemplatePatchBody, response: { 200: TemplateResponse, ...failures(403, 404, 413) } },
  }, async (req) => {
    const user = currentUser(req);
    requireAdmin(user);
    if (req.body.inboxId) requireMember(user, req.body.inboxId, "Inbox");
    const template = await write(async (tx) => {
      const current = await findManagedTemplate(tx.db, user, req.params.id);
      const next: Template = { ...current, ...req.body };
      if (JSON.stringify(next) === JSON.stringify(current)) return current;
      next.updatedAt = now();
      if (next.inboxId !== current.inboxId) {
        // Events reach only who may see the template's inbox, so a move is told as a delete to those who
        // could see it before and a new template (new id) to those who see it now.
        const moved = { ...next, id: newId("tpl"), createdAt: next.updatedAt };
        await deleteTemplate(tx.db, current.id);
        await insertTemplate(tx.db, moved);
        await tx.emit("template.deleted", current, { actorId: user.id, action: null });
        await tx.emit("template.created", moved, { actorId: user.id, action: "created" });
        return moved;
      }
      await updateTemplate(tx.db, next);
      await tx.emit("template.updated", next, { actorId: user.id, action: "updated" });
      return next;
    });
    return { template };
  });

  app.delete("/templates/:id", {
    schema: { tags: ["templates"], summary: "Delete a template (owners and admins)", params: IdParams, response: { ...noContent, ...failures(403, 404) } },
  }, async (req, reply) => {
    const user = currentUser(req);
    requireAdmin(user);
    await write(async (tx) => {
      const template = await findManagedTemplate(tx.db, user, req.params.id);
      await deleteTemplate(tx.db, template.id);
      await tx.emit("template.deleted", template, { actorId: user.id, action: null });
    });
    return reply.code(204).send();
  });
}

async function findManagedTemplate(db: Executor, user: AuthedUser, id: string): Promise<Template> {
  const template = await findTemplateById(db, id);
  if (!template) throw notFound("Template");
  if (template.inboxId) requireMember(user, template.inboxId, "Template");
  return template;
}
