// The workspace's settings: everyone signed in reads them (the composer's country, the push preview rule);
// owners and admins change them, recorded in the feed as `workspace.updated` like every other change.
import type { WorkspaceSettings } from "../../src/protocol/workspace";
import type { ServerContext } from "../context";
import type { AuthedUser } from "../auth/authenticate";
import { requireAdmin } from "../auth/permissions";
import { inTransaction } from "../events/transaction";
import { changedFields, recordAdminChange } from "../audit/admin-changes";
import { now } from "../ids";
import { readWorkspaceSettings, writeWorkspaceSettings } from "./settings.repository";

type SettingsChanges = Partial<Omit<WorkspaceSettings, "id" | "updatedAt">>;

export async function changeWorkspaceSettings(ctx: ServerContext, by: AuthedUser, changes: SettingsChanges): Promise<WorkspaceSettings> {
  requireAdmin(by);
  return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const before = await readWorkspaceSettings(tx.db);
    const next = { ...before, ...changes, updatedAt: now() };
    await writeWorkspaceSettings(tx.db, next);
    await tx.emit("workspace.updated", next, { actorId: by.id, action: "updated" });
    // The feed's event carries only the new settings; the audit trail's says what each was before.
    await recordAdminChange(tx, "audit.workspace.updated", by.id, {
      id: "workspace",
      label: "Workspace settings",
      changes: changedFields(before, next, Object.keys(changes)),
    });
    return next;
  });
}
