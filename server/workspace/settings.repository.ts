// The workspace's settings: one row (id 1), written on the first change; until then the defaults.
import type { WorkspaceSettings } from "../../src/protocol/workspace";
import type { Executor } from "../db/executor";
import { forWrite } from "../db/executor";

const defaultWorkspaceSettings: WorkspaceSettings = {
  id: "workspace",
  defaultCountry: "US",
  helpText: "",
  optOutText: "Reply STOP to opt out.",
  hidePushPreview: false,
  updatedAt: null,
};

export async function readWorkspaceSettings(db: Executor): Promise<WorkspaceSettings> {
  const row = await forWrite(db, db.selectFrom("workspaceSettings").selectAll().where("id", "=", 1)).executeTakeFirst();
  if (!row) return defaultWorkspaceSettings;
  return {
    id: "workspace",
    defaultCountry: row.defaultCountry,
    helpText: row.helpText,
    optOutText: row.optOutText,
    hidePushPreview: Boolean(row.hidePushPreview),
    updatedAt: row.updatedAt,
  };
}

export async function writeWorkspaceSettings(db: Executor, s: WorkspaceSettings & { updatedAt: string }): Promise<void> {
  const row = {
    defaultCountry: s.defaultCountry,
    helpText: s.helpText,
    optOutText: s.optOutText,
    hidePushPreview: s.hidePushPreview ? 1 : 0,
    updatedAt: s.updatedAt,
  };
  await db
    .insertInto("workspaceSettings")
    .values({ id: 1, ...row })
    .onConflict((oc) => oc.column("id").doUpdateSet(row))
    .execute();
}
