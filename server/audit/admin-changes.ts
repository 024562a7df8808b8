// Administrative changes on the audit trail (issue 18): an inbox's settings and members, locations and staff
// roles, automation rules, webhooks, API keys, CRM connections, AI settings and invites. Each is written by
// its service inside the transaction of the change, so there is no change without its record and no record
// without its change. Secrets are named, never copied: the trail says "rotated", not the value.
import type { AdminChange, AdminChangeType, AdminFieldChange } from "../../src/protocol/audit";
import type { Tx } from "../events/transaction";

type Values = Record<string, unknown>;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields among `fields` whose values differ between `before` (null: it is new) and `after`, old → new. */
export function changedFields(before: Values | null, after: Values, fields: readonly string[]): AdminFieldChange[] {
  const changes: AdminFieldChange[] = [];
  for (const field of fields) {
    if (!(field in after)) continue;
    const from = before ? (before[field] ?? null) : undefined;
    const to = after[field] ?? null;
    if (before && same(from, to)) continue;
    changes.push(before ? { field, from, to } : { field, to });
  }
  return changes;
}

/** A secret field that changed: only that it did. */
export const secretChange = (field: string, note: "set" | "rotated" | "replaced" | "removed"): AdminFieldChange => ({ field, note });

const actions = { created: "created", updated: "updated" } as const;

/**
 * Records one administrative change in the transaction `tx`. An update that changed nothing is not recorded
 * (a PATCH with the same values is not a change).
 */
export async function recordAdminChange(
  tx: Tx,
  type: AdminChangeType,
  actorId: string | null,
  change: Omit<AdminChange, "inboxId"> & { inboxId?: string | null },
): Promise<void> {
  if (type.endsWith(".updated") && change.changes.length === 0) return;
  const verb = type.slice(type.lastIndexOf(".") + 1);
  await tx.emit(type, { ...change, inboxId: change.inboxId ?? null }, { actorId, action: actions[verb as keyof typeof actions] ?? null });
}

/** A URL as the trail may keep it: no user/password, and a query string (often a receiver's token) only as "?…". */
export function urlWithoutSecrets(href: string): string {
  try {
    const url = new URL(href);
    return `${url.protocol}//${url.host}${url.pathname}${url.search ? "?…" : ""}`;
  } catch {
    return "(not a URL)";
  }
}
