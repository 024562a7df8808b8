// How far the feed's sequencer is behind (issue 14): events committed without a position yet, and how long
// the oldest has waited. On PostgreSQL a turn runs after every commit, so both stay near zero; a growing
// backlog means no instance manages to sequence (the database is overloaded, the lock is stuck). Numbers
// only, no details: `GET /v1/metrics` answers without a token, like /v1/health, for monitoring; every
// instance logs a warning while the oldest waits longer than WARN_AFTER_MS. On SQLite positions are given
// at commit: the backlog is always empty.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ServerLog } from "../context";
import { isPostgres, type Executor } from "../db/executor";
import { headSeq, unsequencedEvents } from "../events/events.repository";

const WARN_AFTER_MS = 5000;

export interface FeedBacklog {
  /** The feed's head: the highest position readers can see. */
  head: number;
  /** Events committed but not yet given a position. */
  unsequenced: number;
  /** How long the oldest of them has waited (from its write, inside its transaction), in milliseconds. */
  oldestUnsequencedMs: number;
}

export async function feedBacklog(db: Executor): Promise<FeedBacklog> {
  const head = await headSeq(db);
  if (!isPostgres(db)) return { head, unsequenced: 0, oldestUnsequencedMs: 0 };
  const { count, oldestCreatedAt: oldest } = await unsequencedEvents(db);
  return { head, unsequenced: count, oldestUnsequencedMs: oldest ? Math.max(0, Date.now() - Date.parse(oldest)) : 0 };
}

/** Logs a warning every `everyMs` while the backlog's oldest event has waited too long. */
export function watchFeedBacklog(db: Executor, log: ServerLog, everyMs = 10_000): () => void {
  const timer = setInterval(() => {
    feedBacklog(db).then(
      (b) => {
        if (b.oldestUnsequencedMs > WARN_AFTER_MS)
          log.error(
            { unsequenced: b.unsequenced, oldestUnsequencedMs: Math.round(b.oldestUnsequencedMs) },
            `event feed: ${b.unsequenced} events wait for a position, the oldest for ${Math.round(b.oldestUnsequencedMs / 1000)} s`,
          );
      },
      () => {},
    );
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

const Metrics = z.object({ feed: z.object({ head: z.number().int(), unsequenced: z.number().int(), oldestUnsequencedMs: z.number() }) });

export async function feedMetricsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    "/metrics",
    {
      config: { public: true },
      schema: { tags: ["health"], summary: "The event feed's head and its sequencer backlog (numbers only)", security: [], response: { 200: Metrics } },
    },
    async () => ({ feed: await feedBacklog(app.ctx.database.db) }),
  );
}
