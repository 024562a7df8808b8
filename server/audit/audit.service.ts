// Reading the audit trail: owners and organisation admins only. A regional manager or location admin runs
// their locations day to day, but the trail records the organisation's own administration too (settings,
// teammates, exports), so the issue keeps it with the organisation's owners and admins.
import type { AuditQuery, AuditRow } from "../../src/protocol/audit";
import type { ServerContext } from "../context";
import type { AuthedUser } from "../auth/authenticate";
import { requireAdmin } from "../auth/permissions";
import { AppError } from "../errors";
import { auditPage, type AuditKey } from "./audit.repository";
import { toAuditRow } from "./audit-rows";
import { readRetention, retentionCut } from "./retention";

const encodeCursor = (k: AuditKey) => Buffer.from(`${k.createdAt}|${k.seq}`).toString("base64url");

function decodeCursor(cursor: string): AuditKey {
  const [createdAt, seq] = Buffer.from(cursor, "base64url").toString().split("|");
  if (!createdAt || Number.isNaN(Date.parse(createdAt)) || !/^\d+$/.test(seq ?? ""))
    throw new AppError("validation_failed", "cursor: not a cursor from this API");
  return { createdAt, seq: Number(seq) };
}

/** Times are stored as UTC ISO text and compared as text: "…+02:00" becomes the same instant in UTC first. */
const utc = (t: string | undefined) => (t ? new Date(t).toISOString() : undefined);

/** One page of the trail, newest first; `nextCursor` continues to older rows (null: no more). */
export async function listAudit(ctx: ServerContext, by: AuthedUser, q: AuditQuery, at = new Date()): Promise<{ rows: AuditRow[]; nextCursor: string | null }> {
  requireAdmin(by);
  const key = q.cursor ? decodeCursor(q.cursor) : null;
  const { db } = ctx.database;
  const filter = {
    actorId: q.actorId,
    locationId: q.locationId,
    conversationId: q.conversationId,
    contactId: q.contactId,
    types: q.type,
    from: utc(q.from),
    to: utc(q.to),
  };
  const page = await auditPage(db, filter, "desc", key, q.limit + 1);
  const more = page.length > q.limit;
  const rows = more ? page.slice(0, q.limit) : page;
  const cut = retentionCut(await readRetention(db), at);
  const last = rows[rows.length - 1];
  return {
    rows: rows.map((r) => {
      const { data: _entity, ...row } = toAuditRow(r, cut);
      return row;
    }),
    nextCursor: more ? encodeCursor({ createdAt: last.createdAt, seq: Number(last.seq) }) : null,
  };
}
