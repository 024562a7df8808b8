// Reply templates' rules: owners and admins write workspace templates; an inbox's templates are written by
// who administers the inbox (issue 18: its location's admins too; others get 404, as everywhere). A copy of
// an HQ brand template is locked: only its slots change (brand-templates.service.ts). Every write is one
// transaction with its events.
import type { z } from "zod";
import type { TemplateBody, TemplatePatchBody } from "../../src/protocol/api";
import type { Template } from "../../src/protocol/entities";
import type { AuthedUser } from "../auth/authenticate";
import { requireAdmin, requireAdminOf } from "../auth/permissions";
import type { ServerContext } from "../context";
import type { Executor } from "../db/executor";
import { AppError, notFound } from "../errors";
import { brandOfTemplate } from "./brand-templates.repository";
import { inTransaction } from "../events/transaction";
import { newId, now } from "../ids";
import { attachableMedia } from "../media/media.service";
import { deleteTemplate, findTemplateById, insertTemplate, listTemplates, updateTemplate } from "./templates.repository";

/** Workspace templates and those of the user's inboxes. */
export const templatesFor = (ctx: ServerContext, user: AuthedUser) => listTemplates(ctx.database.db, user.inboxIds);

export async function createTemplate(ctx: ServerContext, user: AuthedUser, input: z.infer<typeof TemplateBody>): Promise<Template> {
  if (input.inboxId) requireAdminOf(user, input.inboxId);
  else requireAdmin(user);
  const { mediaIds, ...fields } = input;
  const media = await attachableMedia(ctx, ctx.database.db, user, mediaIds ?? [], null);
  const at = now();
  const template: Template = { id: newId("tpl"), inboxId: null, shortcut: null, ...fields, media, createdAt: at, updatedAt: at };
  await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    await insertTemplate(tx.db, template);
    await tx.emit("template.created", template, { actorId: user.id, action: "created" });
  });
  return template;
}

/** Moving it to another inbox gives it a new id. */
export async function changeTemplate(ctx: ServerContext, user: AuthedUser, id: string, changes: z.infer<typeof TemplatePatchBody>): Promise<Template> {
  if (changes.inboxId) requireAdminOf(user, changes.inboxId);
  const { mediaIds, ...fields } = changes;
  return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const current = await findManagedTemplate(tx.db, user, id);
    // The same files again keep their entries (links signed anew would look like a change).
    const sameMedia = mediaIds === undefined || JSON.stringify(mediaIds) === JSON.stringify(current.media.map((m) => m.id));
    const media = sameMedia ? current.media : await attachableMedia(ctx, tx.db, user, mediaIds, null);
    const next: Template = { ...current, ...fields, media };
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
}

export async function removeTemplate(ctx: ServerContext, user: AuthedUser, id: string): Promise<void> {
  await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const template = await findManagedTemplate(tx.db, user, id);
    await deleteTemplate(tx.db, template.id);
    await tx.emit("template.deleted", template, { actorId: user.id, action: null });
  });
}

async function findManagedTemplate(db: Executor, user: AuthedUser, id: string): Promise<Template> {
  const template = await findTemplateById(db, id);
  if (!template) throw notFound("Template");
  if (template.inboxId) requireAdminOf(user, template.inboxId, "Template");
  else requireAdmin(user);
  if (await brandOfTemplate(db, id)) {
    throw new AppError("conflict", `"${template.name}" is HQ's brand template: its text is locked; change its editable slots for your location instead`);
  }
  return template;
}
