// An inbox's settings and members on the audit trail: what an admin changed, read before and after the write
// inside its transaction. Carrier credentials are only said to be set or replaced.
import type { Inbox } from "../../src/protocol/entities";
import type { Tx } from "../events/transaction";
import { findInboxById } from "../inboxes/inboxes.repository";
import { findUserById } from "../users/users.repository";
import { changedFields, recordAdminChange, secretChange } from "./admin-changes";

const settings = ["name", "phoneNumber", "carrier", "helpText", "locationId"] as const;

/** Records the difference between `before` (null: created) and the inbox as the transaction now holds it. */
export async function recordInboxChange(tx: Tx, actorId: string | null, before: Inbox | null, id: string, credentials: boolean): Promise<void> {
  const after = await findInboxById(tx.db, id);
  if (!after) return;
  const label = `Inbox “${after.name}”`;
  const changes = changedFields(before, after, settings);
  if (credentials) changes.push(secretChange("credentials", before ? "replaced" : "set"));
  await recordAdminChange(tx, before ? "audit.inbox.updated" : "audit.inbox.created", actorId, { id, label, inboxId: id, changes });
  const was = before?.memberIds ?? [];
  const nameOf = async (userId: string) => (await findUserById(tx.db, userId))?.name ?? userId;
  for (const userId of after.memberIds.filter((u) => !was.includes(u)))
    await recordAdminChange(tx, "audit.member.added", actorId, { id: userId, label, inboxId: id, changes: [{ field: "member", to: await nameOf(userId) }] });
  for (const userId of was.filter((u) => !after.memberIds.includes(u)))
    await recordAdminChange(tx, "audit.member.removed", actorId, {
      id: userId,
      label,
      inboxId: id,
      changes: [{ field: "member", from: await nameOf(userId) }],
    });
}
