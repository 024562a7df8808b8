// The feed read as an audit trail: events with who, where and which contact, by time. Pages are keyset pages
// over (createdAt, seq) — the index of migration 260 — so the newest page and the millionth cost the same,
// and nothing is sorted in memory.
import { type ExpressionBuilder, type SelectQueryBuilder, sql } from "kysely";
import type { Executor } from "../db/executor";
import type { Database } from "../db/schema";

export interface AuditFilter {
  actorId?: string;
  locationId?: string;
  conversationId?: string;
  contactId?: string;
  types?: string[];
  /** Inclusive. */
  from?: string;
  /** Exclusive. */
  to?: string;
}

/** A position in the trail: the last row of a page. */
export interface AuditKey {
  createdAt: string;
  seq: number;
}

export type AuditEventRow = Awaited<ReturnType<typeof auditPage>>[number];

/**
 * Changes whose feed event (what clients sync: the new value only) is written with an `audit.*` twin holding old → new,
 * in the same transaction, right after it. The trail shows one row per change: the twin. A feed event with no twin
 * (history from before the twins, or a save that changed nothing) is still shown.
 */
const TWINNED = ["user.updated", "workspace.updated", "retention.updated"];
/** How far after its feed event a twin's seq may be (PostgreSQL's sequence can interleave concurrent transactions). */
const TWIN_WINDOW = 20;

const sameActor = (a: string, b: string) => sql`coalesce(${sql.id(a, "actorId")}, '') = coalesce(${sql.id(b, "actorId")}, '')`;
/** Its twin: the next audit.<type> row by the same actor, with no feed event of that type between (that one's twin). */
const withoutTwinned = sql<boolean>`not (${sql.ref("event.type")} in (${sql.join(TWINNED)}) and exists (
  select 1 from ${sql.table("event")} as twin where twin.seq > ${sql.ref("event.seq")} and twin.seq <= ${sql.ref("event.seq")} + ${sql.lit(TWIN_WINDOW)}
    and twin.type = 'audit.' || ${sql.ref("event.type")} and ${sameActor("twin", "event")}
    and not exists (select 1 from ${sql.table("event")} as mid where mid.seq > ${sql.ref("event.seq")} and mid.seq < twin.seq
      and mid.type = ${sql.ref("event.type")} and ${sameActor("mid", "event")})))`;

/** A filter by a twinned feed type asks for its changes: their twins too (the feed event is hidden when it has one). */
const withTwins = (types: string[]) => [...new Set(types.flatMap((t) => (TWINNED.includes(t) ? [t, `audit.${t}`] : [t])))];

/** What a trail row and an export row read of the event itself. */
const EVENT_COLUMNS = [
  "event.seq",
  "event.type",
  "event.action",
  "event.actorId",
  "event.inboxId",
  "event.conversationId",
  "event.contactId",
  "event.data",
  "event.createdAt",
] as const;

function filtered<O>(query: SelectQueryBuilder<Database, "event", O>, f: AuditFilter & { upTo?: string }) {
  let q = query.where(withoutTwinned);
  if (f.upTo) q = q.where("event.createdAt", "<=", f.upTo);
  if (f.actorId) q = q.where("event.actorId", "=", f.actorId);
  if (f.conversationId) q = q.where("event.conversationId", "=", f.conversationId);
  const contactId = f.contactId;
  // A contact's events, and those of its conversations (notes name only the conversation).
  if (contactId)
    q = q.where((eb: ExpressionBuilder<Database, "event">) =>
      eb.or([
        eb("event.contactId", "=", contactId),
        eb("event.conversationId", "in", eb.selectFrom("conversation").select("conversation.id").where("conversation.contactId", "=", contactId)),
      ]),
    );
  if (f.types?.length) q = q.where("event.type", "in", withTwins(f.types));
  if (f.from) q = q.where("event.createdAt", ">=", f.from);
  if (f.to) q = q.where("event.createdAt", "<", f.to);
  // An event's location is its inbox's location now (an inbox moved with its history).
  const locationId = f.locationId;
  if (locationId)
    q = q.where((eb: ExpressionBuilder<Database, "event">) =>
      eb("event.inboxId", "in", eb.selectFrom("inbox").select("inbox.id").where("inbox.locationId", "=", locationId)),
    );
  return q;
}

/**
 * The time bounds of a page: the range, narrowed to start at the last page's time. SQLite bounds its index walk
 * by one plain comparison on createdAt, not by the row-value one, so without this every page would walk again
 * from the start of the range (pages got slower the further an export went).
 */
function within(f: AuditFilter, order: "asc" | "desc", key: AuditKey | null): AuditFilter & { upTo?: string } {
  if (!key) return f;
  if (order === "asc") return { ...f, from: f.from && f.from > key.createdAt ? f.from : key.createdAt };
  return { ...f, to: undefined, upTo: key.createdAt };
}

/** One page of the trail after `key` (exclusive), newest first (`desc`) or oldest first, at most `limit`. */
export function auditPage(db: Executor, f: AuditFilter, order: "asc" | "desc", key: AuditKey | null, limit: number) {
  let q = filtered(
    db
      .selectFrom("event")
      .leftJoin("user", "user.id", "event.actorId")
      .leftJoin("inbox", "inbox.id", "event.inboxId")
      .leftJoin("location", "location.id", "inbox.locationId")
      .leftJoin("contact", "contact.id", "event.contactId")
      // Notes carry no contact: their conversation's is the one they are about.
      .leftJoin("conversation", "conversation.id", "event.conversationId")
      .leftJoin("contact as noteContact", "noteContact.id", "conversation.contactId")
      .select([
        ...EVENT_COLUMNS,
        "user.name as actorName",
        "inbox.name as inboxName",
        "location.id as locationId",
        "location.name as locationName",
        "contact.name as contactName",
        "contact.phoneNumber as contactPhone",
        "conversation.contactId as conversationContactId",
        "noteContact.name as conversationContactName",
        "noteContact.phoneNumber as conversationContactPhone",
      ]),
    within(f, order, key),
  );
  if (key) q = q.where((eb) => eb(eb.refTuple("event.createdAt", "event.seq"), order === "desc" ? "<" : ">", eb.tuple(key.createdAt, key.seq)));
  return q.orderBy("event.createdAt", order).orderBy("event.seq", order).limit(limit).execute();
}

/**
 * The export's page, oldest first: the events alone, as a query (export-page.repository.ts runs it). Its names come
 * from export-names.ts, looked up once a page for the page's distinct ids: six joins a row cost more than writing
 * both files (80 k against 200 k rows/s).
 */
export function exportPage(db: Executor, f: AuditFilter, key: AuditKey | null, limit: number) {
  let q = filtered(db.selectFrom("event").select(EVENT_COLUMNS), within(f, "asc", key));
  if (key) q = q.where((eb) => eb(eb.refTuple("event.createdAt", "event.seq"), ">", eb.tuple(key.createdAt, key.seq)));
  return q.orderBy("event.createdAt", "asc").orderBy("event.seq", "asc").limit(limit);
}

export type ExportEvent = Awaited<ReturnType<ReturnType<typeof exportPage>["execute"]>>[number];

/** How many events match (the export's progress bar; the index answers it without reading the rows). */
export async function countAuditEvents(db: Executor, f: AuditFilter): Promise<number> {
  const row = await filtered(db.selectFrom("event"), f)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function userName(db: Executor, id: string): Promise<string> {
  return (await db.selectFrom("user").select("name").where("id", "=", id).executeTakeFirst())?.name ?? id;
}
