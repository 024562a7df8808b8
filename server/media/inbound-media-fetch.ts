// A customer's MMS files are fetched from the carrier after the webhook is answered: carriers wait only so
// long for our 200 (Twilio 15 s), and a slow file store must not make them retry the text. The job is
// committed before the text is stored (so before the answer): a crash or restart at any point leaves it due,
// and a job whose text never got stored (the webhook failed; the carrier sends it again) waits for it a while.
// One instance at a time holds a job (a conditional update); the message's media then point at our copies,
// announced as message.updated so every client swaps the carrier's link for ours.
import type { Message } from "../../src/protocol/entities";
import { startBackgroundLoop, workerInstance } from "../background-loop";
import type { ServerContext } from "../context";
import { inTransaction } from "../events/transaction";
import { now } from "../ids";
import { findMessageByCarrierId, findMessageById } from "../messages/messages.repository";
import { keepCarrierMedia } from "./carrier-media";
import {
  claimMediaFetch,
  dueMediaFetches,
  finishMediaFetch,
  type MediaFetchJob,
  queueMediaFetch,
  retryMediaFetch,
  setMessageMedia,
} from "./inbound-media-fetch.repository";

/** Waits after each failed attempt; after the last the carrier's links stay (they expire on its side anyway). */
const BACKOFF_MS = [2_000, 30_000, 2 * 60_000, 10 * 60_000, 60 * 60_000];
/** Longer than the fetches of one message take (10 s timeout per file, in parallel). */
const CLAIM_MS = 60_000;
const BATCH = 20;

/** Before storing an inbound text with files on the carrier's side: its fetch job, durable from here on. */
export async function queueInboundMedia(ctx: ServerContext, inboxId: string, carrierMessageId: string, media: Message["media"]): Promise<void> {
  if (media.some((m) => !m.id)) await queueMediaFetch(ctx.database.db, inboxId, carrierMessageId);
}

export function startInboundMediaFetch(ctx: ServerContext): () => Promise<void> {
  const instance = workerInstance(ctx);
  const loop = startBackgroundLoop(ctx, {
    name: "inbound media",
    tickMs: ctx.config.tickMs,
    wakeOn: (events) => events.some((e) => e.type === "message.created" && e.data.direction === "inbound" && e.data.media.some((m) => !m.id)),
    pass: async (stopped) => {
      for (const id of await dueMediaFetches(ctx.database.db, BATCH)) {
        if (stopped()) return;
        const job = await claimMediaFetch(ctx.database.db, id, instance, new Date(Date.now() + CLAIM_MS).toISOString());
        if (job) await fetchMedia(ctx, job);
      }
    },
  });
  return loop.stop;
}

async function fetchMedia(ctx: ServerContext, job: MediaFetchJob): Promise<void> {
  const { db } = ctx.database;
  const message = await findMessageByCarrierId(db, job.inboxId, job.carrierMessageId);
  if (!message) return again(ctx, job, "the text is not stored (yet): its webhook failed or is still running");
  const { media, failures } = await keepCarrierMedia(ctx, job.inboxId, message.media);
  if (media.some((m, i) => m !== message.media[i])) {
    await inTransaction(db, ctx.bus, async (tx) => {
      const current = (await findMessageById(tx.db, message.id)) ?? message;
      const updated: Message = { ...current, media, updatedAt: now() };
      await setMessageMedia(tx.db, message.id, media, updated.updatedAt);
      await tx.emit("message.updated", updated);
    });
  }
  if (failures.length === 0) await finishMediaFetch(db, job.id, "done", null);
  else await again(ctx, job, failures.join("; "));
}

async function again(ctx: ServerContext, job: MediaFetchJob, reason: string): Promise<void> {
  const wait = BACKOFF_MS[job.attempts];
  if (wait === undefined) {
    ctx.log.error(
      { inboxId: job.inboxId, carrierMessageId: job.carrierMessageId, reason },
      "inbound MMS: gave up fetching its files; the carrier's links are kept",
    );
    return finishMediaFetch(ctx.database.db, job.id, "failed", reason);
  }
  await retryMediaFetch(ctx.database.db, job.id, job.attempts + 1, new Date(Date.now() + wait).toISOString(), reason);
}
