// Every inbound text's language, detected offline and kept on the message and its contact. The ingest path
// only hands the message over (noteInboundLanguage, no I/O); detection and the writes happen here in batches a
// few times a second, one transaction each, so ingest gains no commit (on SQLite each commit is an fsync).
// A text whose language was not written yet (a crash in between) is detected when its languages are read.
// Its upkeep too: kept translations (translate.ts) of texts retention has since removed are forgotten.
import diagnostics from "node:diagnostics_channel";
import type { Message } from "../../src/protocol/entities";
import type { ServerContext } from "../context";
import { storeLanguages } from "./ai.repository";
import { forgetStaleTranslations } from "./ai-locations.repository";
import { detectLanguage, loadLanguageDetection } from "./language";

const FLUSH_MS = 200;
/** How often kept translations of texts that retention removed (or older than a month) are forgotten. */
const UPKEEP_MS = 10 * 60_000;
const TRANSLATIONS_KEPT_MS = 30 * 24 * 3600_000;

async function forgetTranslations(ctx: ServerContext): Promise<void> {
  try {
    await forgetStaleTranslations(ctx.database.db, new Date(Date.now() - TRANSLATIONS_KEPT_MS).toISOString());
  } catch (err) {
    ctx.log.error({ err }, "could not forget stale translations; trying again in 10 minutes");
  }
}
/**
 * Benchmarks (bench/ai-detect-ingest.ts) subscribe here by name to time each detection inside the running
 * server, beside the same timer around an empty function (the floor); with no subscriber it costs one check.
 */
const timings = diagnostics.channel("sidetext:ai.detect");
const nothing = (_text: string) => null;

function detectTimed(body: string): string | null {
  if (!timings.hasSubscribers) return detectLanguage(body);
  timings.publish({ phase: "start" });
  const f0 = performance.now();
  nothing(body);
  const f1 = performance.now();
  const language = detectLanguage(body);
  const d1 = performance.now();
  timings.publish({ phase: "end", at: f1, ms: d1 - f1, floorMs: f1 - f0, chars: body.length });
  return language;
}
const pendingByServer = new WeakMap<ServerContext, Array<Pick<Message, "id" | "contactId" | "body">>>();

/** Called by receiveInbound for each new inbound text. */
export function noteInboundLanguage(ctx: ServerContext, message: Message): void {
  if (message.body) pendingByServer.get(ctx)?.push({ id: message.id, contactId: message.contactId, body: message.body });
}

/** Starts the recorder; the returned stop writes what is still waiting. */
export function startLanguageRecorder(ctx: ServerContext): () => Promise<void> {
  const pending: Array<Pick<Message, "id" | "contactId" | "body">> = [];
  pendingByServer.set(ctx, pending);
  let running: Promise<void> = Promise.resolve();
  const flush = async () => {
    const batch = pending.splice(0, pending.length);
    if (batch.length === 0) return;
    try {
      await loadLanguageDetection();
      await ctx.database.db.transaction().execute(async (tx) => {
        // In arrival order, so a contact's language is that of their latest text.
        await storeLanguages(
          tx,
          batch.map((m) => ({ id: m.id, contactId: m.contactId, language: detectTimed(m.body) })),
        );
      });
    } catch (err) {
      ctx.log.error({ err, count: batch.length }, "could not store the language of inbound texts; they are detected when read");
    }
  };
  const timer = setInterval(() => {
    running = running.then(flush);
  }, FLUSH_MS);
  timer.unref();
  const upkeep = setInterval(() => {
    running = running.then(() => forgetTranslations(ctx));
  }, UPKEEP_MS);
  upkeep.unref();
  return async () => {
    clearInterval(timer);
    clearInterval(upkeep);
    pendingByServer.delete(ctx);
    await running;
    await flush();
  };
}
