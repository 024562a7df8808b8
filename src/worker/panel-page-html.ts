// The framed panel's first paint, rendered by the worker into the panel's own page (src/worker/panel-page.ts):
// the same markup as src/crm/panel-first-paint.ts paints with DOM, as HTML. Every text from the inbox (name,
// bodies, file names, times) and the record's URL is escaped here: no markup from data ever reaches the page.
import type { ThreadSnapshot } from "../protocol/snapshots";
import { bubbleTime } from "../ui/common/format";
import type { WorkerContext } from "./context";
import { newestConversation } from "./topics/ahead";
import { phoneSnapshot } from "./topics/phone";
import { threadSnapshot } from "./topics/thread";

/** Marks the thread's texts for Element Timing (bench/panel-switch.ts reads when they painted). */
const THREAD_TIMING = "sidetext-thread";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** The first paint of `url`'s record: its name over the thread's messages (`data-first-paint` = that URL). */
export function panelThreadHtml(url: string, name: string | null, thread: Pick<ThreadSnapshot, "messages">, now = Date.now()): string {
  const rows = thread.messages.map((m) => {
    const out = m.direction === "outbound";
    const text = m.body ? `<p class="st-bubble-text" elementtiming="${THREAD_TIMING}">${esc(m.body)}</p>` : "";
    const media = m.media.map((f) => `<span class="st-media">${esc(f.fileName ?? "Attachment")}</span>`).join("");
    const side = out ? "is-out" : "is-in";
    const bubble = out ? "st-bubble-out" : "st-bubble-in";
    return `<div class="st-bubble-row ${side}"><div class="st-bubble ${bubble}">${text}${media}</div><div class="st-bubble-meta">${esc(bubbleTime(m.createdAt, now))}</div></div>`;
  });
  return (
    `<div class="st-app st-panel" data-first-paint="${esc(url)}" aria-busy="true">` +
    `<header class="st-header"><div class="st-header-top"><div class="st-header-who"><h1 class="st-header-name">${esc(name ?? "")}</h1></div></div></header>` +
    `<div class="st-timeline" role="log" aria-label="Conversation history">${rows.join("")}</div></div>`
  );
}

/**
 * The first paint of the record last read at `url` (the page asking for a panel token): only for a record
 * with one number seen there, whose newest conversation has messages; else null (the panel paints as usual).
 */
export async function firstPaintAt(ctx: WorkerContext, url: string): Promise<{ html: string; shows: { url: string; e164: string } } | null> {
  const seen = await ctx.crmLinks.atUrl(url);
  const numbers = new Set(seen.map((row) => row.e164));
  if (numbers.size !== 1) return null;
  const [{ e164, name }] = seen;
  const conversation = newestConversation((await phoneSnapshot(ctx, e164)).conversations);
  const thread = conversation && (await threadSnapshot(ctx, conversation.id));
  if (!thread?.messages.length) return null;
  return { html: panelThreadHtml(url, name, thread), shows: { url, e164 } };
}
