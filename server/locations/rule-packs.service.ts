// Who may do what with rule packs: HQ (owners and admins) writes and pushes them and sees drift; anyone who
// sees a location sees its pack rules; its admins switch off a rule HQ lets them switch off (and on again).
import type { z } from "zod";
import type { RulePackBody, RulePackPatchBody } from "../../src/protocol/locations";
import type { AuthedUser } from "../auth/authenticate";
import { requireAdmin, requireLocationAdmin } from "../auth/permissions";
import { findRule, updateRule } from "../automations/automations.repository";
import type { ServerContext } from "../context";
import { AppError, notFound } from "../errors";
import { newId, now } from "../ids";
import { findLocation, listLocations } from "./locations.repository";
import { findPack, listPacks, packRules, savePack, type StoredPack } from "./rule-packs.repository";
import { packStates, pushPack } from "./rule-packs";
import { inTransaction } from "../events/transaction";
import { changedFields, recordAdminChange } from "../audit/admin-changes";

const packSettings = ["name", "version", "rules", "locationIds"] as const;

export async function rulePacksForHq(ctx: ServerContext, user: AuthedUser) {
  requireAdmin(user);
  const { db } = ctx.database;
  return Promise.all((await listPacks(db)).map(async (pack) => ({ ...pack, states: await packStates(db, pack) })));
}

export async function createRulePack(ctx: ServerContext, user: AuthedUser, input: z.infer<typeof RulePackBody>) {
  requireAdmin(user);
  const at = now();
  return save(ctx, user, { id: newId("pack"), locationIds: null, ...input, version: 1, createdAt: at, updatedAt: at }, null);
}

/** A new version, pushed to every location at once. */
export async function changeRulePack(ctx: ServerContext, user: AuthedUser, id: string, changes: z.infer<typeof RulePackPatchBody>) {
  requireAdmin(user);
  const current = await findPack(ctx.database.db, id);
  if (!current) throw notFound("Rule pack");
  return save(ctx, user, { ...current, ...changes, version: current.version + 1, updatedAt: now() }, current);
}

export async function packRulesOfLocation(ctx: ServerContext, user: AuthedUser, locationId: string) {
  const seen = user.role !== "agent" || (user.locationIds ?? []).includes(locationId) || (user.adminLocationIds ?? []).includes(locationId);
  if (!seen) throw notFound("Location");
  const { db } = ctx.database;
  const packs = await listPacks(db);
  const rows = await packRules(db, { locationId });
  const rules = [];
  for (const row of rows) {
    const rule = await findRule(db, row.ruleId);
    const pack = packs.find((p) => p.id === row.packId);
    if (!rule || !pack) continue;
    rules.push({
      ruleId: rule.id,
      packId: pack.id,
      packName: pack.name,
      key: row.ruleKey,
      name: rule.name,
      locked: !!row.locked,
      mayTurnOff: !!row.mayTurnOff,
      enabled: rule.enabled,
      version: row.version,
    });
  }
  return rules;
}

export async function switchPackRule(ctx: ServerContext, user: AuthedUser, locationId: string, ruleId: string, enabled: boolean) {
  requireLocationAdmin(user, locationId);
  const { db } = ctx.database;
  const [row] = await packRules(db, { ruleId, locationId });
  const rule = row ? await findRule(db, ruleId) : null;
  if (!row || !rule) throw notFound("Rule");
  if (!enabled && !row.mayTurnOff) throw new AppError("conflict", `HQ does not let locations turn off "${rule.name}"`);
  if (rule.enabled !== enabled)
    await inTransaction(db, ctx.bus, async (tx) => {
      await updateRule(tx.db, { ...rule, enabled, updatedAt: now() });
      const changes = [{ field: "enabled", from: rule.enabled, to: enabled }];
      const location = (await findLocation(tx.db, locationId))?.name ?? locationId;
      await recordAdminChange(tx, "audit.rule.updated", user.id, { id: ruleId, label: `Rule “${rule.name}” at ${location}`, changes });
    });
  return (await packRulesOfLocation(ctx, user, locationId)).find((r) => r.ruleId === ruleId)!;
}

/** `before`: the pack's current version (null: creating it). */
async function save(ctx: ServerContext, user: AuthedUser, pack: StoredPack, before: StoredPack | null) {
  const { db } = ctx.database;
  const keys = pack.rules.map((r) => r.key);
  if (new Set(keys).size !== keys.length) throw new AppError("validation_failed", "rules: each rule needs its own key");
  if (pack.rules.some((r) => r.rule.match === "any")) {
    throw new AppError("validation_failed", "rules: a pack rule's conditions must all hold (match all), so that it stays in its location's inboxes");
  }
  const all = (await listLocations(db)).map((l) => l.id);
  const unknown = (pack.locationIds ?? []).filter((l) => !all.includes(l));
  if (unknown.length > 0) throw new AppError("validation_failed", `locationIds: no location ${unknown.join(", ")}`);
  await inTransaction(db, ctx.bus, async (tx) => {
    await savePack(tx.db, pack, before === null);
    await pushPack(tx.db, pack);
    const changes = changedFields(before, pack, packSettings);
    await recordAdminChange(tx, before ? "audit.rule_pack.updated" : "audit.rule_pack.created", user.id, {
      id: pack.id,
      label: `Rule pack “${pack.name}”`,
      changes,
    });
  });
  return { ...pack, states: await packStates(db, pack) };
}

/** For the automations API: a locked pack rule changes only through its pack (switching it stays allowed to HQ). */
export async function lockedPackRule(db: ServerContext["database"]["db"], ruleId: string): Promise<boolean> {
  const [row] = await packRules(db, { ruleId });
  return !!row?.locked;
}
