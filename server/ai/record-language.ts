// Every inbound text's language, detected offline and kept on the message and its contact. The ingest path
// only hands the message over (noteInboundLanguage, no I/O); detection and the writes happen here in batches a
// few times a second, one transaction each, so ingest gains no commit (on SQLite each commit is an fsync).
// A text whose language was not written yet (a crash in between) is detected when its languages are read.
import type { Message } from "../../src/protocol/entities";
import type { ServerContext } from "../context";
import { storeLanguage } from "./ai.repository";
import { detectLanguage } from "./language";

const FLUSH_MS = 200;
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
      await ctx.database.db.transaction().execute(async (tx) => {
        // In arrival order, so a contact's language is that of their latest text.
        for (const m of batch) await storeLanguage(tx, m.id, m.contactId, detectLanguage(m.body));
      });
    } catch (err) {
      ctx.log.error({ err, count: batch.length }, "could not store the language of inbound texts; they are detected when read");
    }
  };
  const timer = setInterval(() => {
    running = running.then(flush);
  }, FLUSH_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    pendingByServer.delete(ctx);
    await running;
    await flush();
  };
}
