// Managing automation rules (owners and admins; agents get 403). A rule is checked whole before anything is
// stored, so a bad one is a 400 that changes nothing.
import type { BusinessHours, Rule, RuleBody } from "../../src/protocol/automations";
import type { RulePatchBody } from "../../src/protocol/automations";
import type { z } from "zod";
import type { AuthedUser } from "../auth/authenticate";
import { requireAdmin } from "../auth/permissions";
import type { ServerContext } from "../context";
import type { Executor } from "../db/executor";
import { AppError } from "../errors";
import { newId, now } from "../ids";
import { findInboxById } from "../inboxes/inboxes.repository";
import { findTemplateById } from "../templates/templates.repository";
import { findUserById } from "../users/users.repository";
import { endpointRow } from "../integrations/webhooks/webhooks.repository";
import { lockedPackRule } from "../locations/rule-packs.service";
import { stopSequencesOf } from "./sequences";
import { inTransaction } from "../events/transaction";
import { changedFields, recordAdminChange } from "../audit/admin-changes";
import { skipsOfRule } from "./skip-log";
import { deleteRule, findRule, hoursOf, insertRule, listRules, runsOf, saveHours, updateRule } from "./automations.repository";

const invalid = (path: string, message: string) => new AppError("validation_failed", message, [{ path, message }]);
const notFound = () => new AppError("not_found", "Rule not found");
const ruleSettings = ["name", "enabled", "priority", "stopLower", "trigger", "match", "conditions", "actions", "cancelOn"] as const;
const labelOf = (rule: Pick<Rule, "name">) => `Rule “${rule.name}”`;

/** What zod cannot see: the users, templates and inboxes a rule names must exist. */
async function checkReferences(db: Executor, rule: Pick<Rule, "actions" | "conditions">): Promise<void> {
  for (const [i, a] of rule.actions.entries()) {
    if (a.type === "assign" && a.to === "user") {
      if (!a.userId) throw invalid(`/actions/${i}/userId`, "Assigning to a user needs userId");
      if (!(await findUserById(db, a.userId))) throw invalid(`/actions/${i}/userId`, "No such user");
    }
    if (a.type === "sendTemplate" && !(await findTemplateById(db, a.templateId))) throw invalid(`/actions/${i}/templateId`, "No such template");
    // A rule posts only to an endpoint an admin registered, never to a URL of its own.
    if (a.type === "webhook" && !(await endpointRow(db, a.endpointId))) throw invalid(`/actions/${i}/endpointId`, "No such webhook endpoint");
  }
  for (const [i, c] of rule.conditions.entries()) {
    if (c.type !== "inbox") continue;
    for (const id of c.inboxIds) if (!(await findInboxById(db, id))) throw invalid(`/conditions/${i}/inboxIds`, `No inbox ${id}`);
  }
}

export async function createRule(ctx: ServerContext, user: AuthedUser, body: RuleBody): Promise<Rule> {
  requireAdmin(user);
  const at = now();
  const rule: Rule = { id: newId("rule"), ...body, createdAt: at, updatedAt: at };
  await checkReferences(ctx.database.db, rule);
  await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    await insertRule(tx.db, rule);
    await recordAdminChange(tx, "audit.rule.created", user.id, { id: rule.id, label: labelOf(rule), changes: changedFields(null, rule, ruleSettings) });
  });
  return rule;
}

export function rulesFor(ctx: ServerContext, user: AuthedUser): Promise<Rule[]> {
  requireAdmin(user);
  return listRules(ctx.database.db);
}

export async function changeRule(ctx: ServerContext, user: AuthedUser, id: string, patch: z.infer<typeof RulePatchBody>): Promise<Rule> {
  requireAdmin(user);
  const current = await findRule(ctx.database.db, id);
  if (!current) throw notFound();
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  // Issue 18: a locked rule of an HQ rule pack changes through its pack (locations/rule-packs.ts).
  if (Object.keys(defined).some((k) => k !== "enabled") && (await lockedPackRule(ctx.database.db, id))) {
    throw new AppError("conflict", "This rule comes from a locked HQ rule pack: change the pack (PATCH /v1/rule-packs/:id)");
  }
  const next: Rule = { ...current, ...defined, updatedAt: now() };
  await checkReferences(ctx.database.db, next);
  await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    await updateRule(tx.db, next);
    await recordAdminChange(tx, "audit.rule.updated", user.id, { id, label: labelOf(next), changes: changedFields(current, next, ruleSettings) });
  });
  if (patch.actions && JSON.stringify(patch.actions) !== JSON.stringify(current.actions)) await stopSequencesOf(ctx.database.db, id, next.updatedAt);
  return next;
}

export async function removeRule(ctx: ServerContext, user: AuthedUser, id: string): Promise<void> {
  requireAdmin(user);
  await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const rule = await findRule(tx.db, id);
    if (!rule || !(await deleteRule(tx.db, id))) throw notFound();
    await recordAdminChange(tx, "audit.rule.deleted", user.id, { id, label: labelOf(rule), changes: [{ field: "name", from: rule.name }] });
  });
}

export async function ruleLogOf(ctx: ServerContext, user: AuthedUser, id: string, limit = 100) {
  requireAdmin(user);
  const { db } = ctx.database;
  if (!(await findRule(db, id))) throw notFound();
  // Fired runs and cancels are rows of their own; skips are in each event's skip row (./skip-log.ts).
  const [runs, skips] = await Promise.all([runsOf(db, id, limit), skipsOfRule(db, id, limit)]);
  return [...runs, ...skips].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1)).slice(0, limit);
}

export async function businessHoursOf(ctx: ServerContext, user: AuthedUser, inboxId: string): Promise<BusinessHours | null> {
  if (!user.inboxIds.includes(inboxId) && user.role === "agent") throw new AppError("not_found", "Inbox not found");
  if (!(await findInboxById(ctx.database.db, inboxId))) throw new AppError("not_found", "Inbox not found");
  return hoursOf(ctx.database.db, inboxId);
}

export async function setBusinessHours(ctx: ServerContext, user: AuthedUser, inboxId: string, hours: BusinessHours): Promise<BusinessHours> {
  requireAdmin(user);
  const inbox = await findInboxById(ctx.database.db, inboxId);
  if (!inbox) throw new AppError("not_found", "Inbox not found");
  await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const before = await hoursOf(tx.db, inboxId);
    await saveHours(tx.db, inboxId, hours);
    const changes = changedFields({ hours: before }, { hours }, ["hours"]);
    await recordAdminChange(tx, "audit.business_hours.updated", user.id, { id: inboxId, label: `Business hours of Inbox “${inbox.name}”`, inboxId, changes });
  });
  return hours;
}
