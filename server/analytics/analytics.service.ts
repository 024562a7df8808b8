// The analytics API's answers, always within what the user may see (user.inboxIds follows location scope):
// a breakdown of the metrics by day, week, agent, inbox, location or region, and the franchisor roll-up of
// locations side by side with trends and "needs attention" flags.
import type { BreakdownResponse, MetricRow, RollupResponse, RollupRow } from "../../src/protocol/analytics";
import type { AuthedUser } from "../auth/authenticate";
import type { ServerContext } from "../context";
import { AppError } from "../errors";
import { attentionOf } from "./attention";
import { type InboxPlace, inboxPlaces, readBuckets, userNames, waitingCounts } from "./analytics.repository";
import type { Bucket } from "./deltas";
import { countMetrics } from "../../src/protocol/analytics";
import { emptyCounts, tagKey } from "./deltas";
import { addSparse, countOf, denseHistogram, denseQuantile } from "./histogram";
import { daysBetween, groupBuckets, metricRow, weekOf } from "./summarise";

const MAX_DAYS = 400;
const DAY_MS = 86_400_000;

export interface Range {
  from?: string;
  to?: string;
  inboxId?: string;
  locationId?: string;
  agentId?: string;
}

/** The days asked for (default: the last 30 days through today, UTC), checked. */
function rangeOf(q: Range, defaultDays = 30, today = new Date()): { from: string; to: string } {
  const to = q.to ?? today.toISOString().slice(0, 10);
  const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - (defaultDays - 1) * DAY_MS).toISOString().slice(0, 10);
  if (Number.isNaN(Date.parse(`${from}T00:00:00Z`)) || Number.isNaN(Date.parse(`${to}T00:00:00Z`)))
    throw new AppError("validation_failed", "from and to must be real dates");
  if (from > to) throw new AppError("validation_failed", "from must not be after to");
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS > MAX_DAYS) throw new AppError("validation_failed", `At most ${MAX_DAYS} days at a time`);
  return { from, to };
}

/** The user's inboxes with their places, narrowed to one inbox or location when asked (404 outside their scope). */
async function placesFor(ctx: ServerContext, user: AuthedUser, q: Range): Promise<InboxPlace[]> {
  let places = await inboxPlaces(ctx.database.db, user.inboxIds);
  if (q.inboxId) {
    places = places.filter((p) => p.inboxId === q.inboxId);
    if (places.length === 0) throw new AppError("not_found", "Inbox not found");
  }
  if (q.locationId) {
    places = places.filter((p) => p.locationId === q.locationId);
    if (places.length === 0) throw new AppError("not_found", "Location not found");
  }
  return places;
}

type By = "all" | "day" | "week" | "agent" | "inbox" | "location" | "region" | "tag";

/** Which buckets a breakdown reads: per agent, per tag, one tag's ("#vip"), one agent's, or every agent's together. */
function bucketsWanted(q: { by: By; agentId?: string; tag?: string }) {
  if (q.by === "agent") return q.tag ? undefined : "each";
  if (q.by === "tag") return q.tag ? tagKey(q.tag) : "tags";
  return q.tag ? tagKey(q.tag) : (q.agentId ?? "all");
}

export async function breakdown(ctx: ServerContext, user: AuthedUser, q: Range & { by: By; tag?: string }): Promise<BreakdownResponse> {
  const { from, to } = rangeOf(q, q.by === "day" || q.by === "week" ? 90 : 30);
  const places = await placesFor(ctx, user, q);
  const place = new Map(places.map((p) => [p.inboxId, p]));
  const db = ctx.database.db;
  const wanted = bucketsWanted(q);
  // Tag rows add up every agent: one agent's numbers for a tag are not kept.
  if (!wanted) throw new AppError("validation_failed", "by=agent cannot be narrowed to a tag; ask by=tag or by=day with the tag");
  const buckets = await readBuckets(db, [...place.keys()], from, to, wanted);
  const names = q.by === "agent" ? await userNames(db) : new Map<string, string>();
  const keyAndLabel: Record<By, (b: Bucket) => [string, string] | undefined> = {
    all: () => ["all", "All"],
    day: (b) => [b.day, b.day],
    week: (b) => [weekOf(b.day), `Week of ${weekOf(b.day)}`],
    agent: (b) => [b.agentId, b.agentId ? (names.get(b.agentId) ?? b.agentId) : "Automated or unassigned"],
    inbox: (b) => [b.inboxId, place.get(b.inboxId)?.inboxName ?? b.inboxId],
    location: (b) => [place.get(b.inboxId)?.locationId ?? "", place.get(b.inboxId)?.locationName ?? ""],
    region: (b) => [place.get(b.inboxId)?.regionId ?? "", place.get(b.inboxId)?.regionName ?? "No region"],
    tag: (b) => [b.agentId.slice(1), b.agentId.slice(1)],
  };
  const labels = new Map<string, string>();
  const groups = groupBuckets(buckets, (b) => {
    const kl = keyAndLabel[q.by](b);
    if (kl) labels.set(kl[0], kl[1]);
    return kl?.[0];
  });
  let rows: MetricRow[] = [...groups].map(([k, g]) => metricRow(k, labels.get(k) ?? k, g));
  // A day series has every day, also the quiet ones, so charts keep their time axis.
  if (q.by === "day") {
    const byDay = new Map(rows.map((r) => [r.key, r]));
    rows = daysBetween(from, to).map((d) => byDay.get(d) ?? metricRow(d, d, []));
  } else if (q.by === "week") rows.sort((a, b) => a.key.localeCompare(b.key));
  else if (q.by === "all" && rows.length === 0) rows = [metricRow("all", "All", [])];
  else rows.sort((a, b) => a.label.localeCompare(b.label));
  return { from, to, by: q.by, rows };
}

export async function rollup(ctx: ServerContext, user: AuthedUser, q: Range, now = new Date()): Promise<RollupResponse> {
  const { from, to } = rangeOf(q, 30, now);
  const places = await placesFor(ctx, user, q);
  const db = ctx.database.db;
  const [buckets, waiting] = await Promise.all([
    readBuckets(
      db,
      places.map((p) => p.inboxId),
      from,
      to,
      "all",
    ),
    waitingCounts(
      db,
      places.map((p) => p.inboxId),
      now.toISOString(),
    ),
  ]);
  const locationOf = new Map(places.map((p) => [p.inboxId, p]));
  const byLocation = groupBuckets(buckets, (b) => locationOf.get(b.inboxId)?.locationId);
  const days = daysBetween(from, to);
  const scratch = denseHistogram();
  const rows: RollupRow[] = [];
  for (const p of new Map(places.map((x) => [x.locationId, x])).values()) {
    const own = byLocation.get(p.locationId) ?? [];
    const perDay = groupBuckets(own, (b) => b.day);
    // A day's trend needs a few numbers, not every metric's percentiles (100 locations × 30 days of them):
    // its counts, its answered waits and its median first response, summed in one reused array.
    const daily = days.map((d) => {
      const counts = emptyCounts();
      let answered = 0;
      scratch.fill(0);
      for (const b of perDay.get(d) ?? []) {
        for (const m of countMetrics) counts[m] += b.counts[m];
        const reply = b.durations["reply.calendar"];
        if (reply) answered += countOf(reply);
        const frt = b.durations["firstResponse.calendar"];
        if (frt) addSparse(scratch, frt);
      }
      return { counts, answered, firstResponseMedian: denseQuantile(scratch, 0.5) };
    });
    const inboxes = places.filter((x) => x.locationId === p.locationId);
    const waitingNow = inboxes.reduce((n, x) => n + (waiting.get(x.inboxId)?.waiting ?? 0), 0);
    const overTargetNow = inboxes.reduce((n, x) => n + (waiting.get(x.inboxId)?.over ?? 0), 0);
    const row = metricRow(p.locationId, p.locationName, own);
    rows.push({
      ...row,
      region: p.regionName,
      waitingNow,
      overTargetNow,
      attention: attentionOf(daily, overTargetNow),
      trend: {
        inbound: daily.map((r) => r.counts.inbound),
        firstResponseMedian: daily.map((r) => r.firstResponseMedian),
        breaches: daily.map((r) => r.counts.breaches),
      },
    });
  }
  return { from, to, rows };
}
