// One handler per command of the contract (src/protocol/messages.ts). Every command is validated first,
// and every outcome is a Result: a view never gets undefined.
import { toE164 } from "../core/phone";
import { fail, ok } from "../api/errors";
import { batchOf } from "../sync/batch";
import { Command, type CommandData, type CommandOf, type CommandType, type Result } from "../protocol/messages";
import type { MessageSender } from "../platform/messaging";
import type { WorkerContext } from "./context";
import { createMessageSearch } from "./message-search";
import { cachedTags } from "./contact-tag-index";
import { openCrmRecord } from "./open-crm-record";
import { createPageCommandHandlers } from "./page-commands";
import { createScheduledCommandHandlers } from "./scheduled-commands";
import { createAvailabilityCommandHandlers } from "./availability-commands";
import { createAiCommandHandlers } from "./ai-commands";
import { createSlaCommandHandlers } from "./sla-commands";
import { createLocationCommandHandlers } from "./location-commands";
import { accessOf, forbiddenMessage, mayRun } from "./sender-trust";
import { firstPaintAt } from "./panel-page-html";

type Handler<T extends CommandType> = (command: CommandOf<T>, sender: MessageSender) => Promise<Result<CommandData[T]>>;
type Handlers = { [T in CommandType]: Handler<T> };

/** How long after a record opens its "seen at" links are written (src/worker/crm-links.ts). */
const REMEMBER_AFTER_MS = 100;
const signedOut = () => fail("signed_out", "Sign in to Sidetext first (extension options).");

function createCommandHandlers(ctx: WorkerContext): Handlers {
  const { db, engine } = ctx;
  const searchMessages = createMessageSearch(db);
  const api = () => engine.current()?.api ?? null;
  return {
    "auth.signIn": async (c) => {
      const res = await engine.signIn(c.serverUrl, c.email, c.password);
      if (res.ok) {
        ctx.lookups.clear();
        ctx.tagLookups.clear();
      }
      return res;
    },
    "auth.signOut": async () => {
      await engine.signOut();
      return ok(null);
    },
    "conversation.send": async (c) => {
      if (!engine.current()) return signedOut();
      const conversation = await db.conversations.get(c.conversationId);
      const clientId = await engine.outbox.sendReply(c.conversationId, conversation?.inboxId ?? "", c.body, c.mediaUrls, c.mediaIds);
      return ok({ clientId });
    },
    "message.start": async (c) => {
      if (!engine.current()) return signedOut();
      const { defaultCountry } = await ctx.settings.get();
      const to = toE164(c.to, defaultCountry);
      if (!to) return fail("validation_failed", `"${c.to}" is not a phone number Sidetext can text.`);
      return ok({ clientId: await engine.outbox.startThread(c.inboxId, to, c.body, c.mediaIds) });
    },
    "outbox.retry": (c) => engine.outbox.retry(c.clientId),
    "outbox.discard": (c) => engine.outbox.discard(c.clientId),
    "conversation.update": async ({ type: _t, conversationId, ...patch }) => {
      const client = api();
      if (!client) return signedOut();
      const res = await client.updateConversation(conversationId, patch);
      if (!res.ok) return res;
      await engine.apply(batchOf({ conversations: [res.data.conversation], contacts: res.data.contact ? [res.data.contact] : [] }));
      return ok({ conversation: res.data.conversation });
    },
    "conversation.read": async (c) => {
      const client = api();
      if (!client) return signedOut();
      const res = await client.markRead(c.conversationId);
      if (!res.ok) return res;
      await engine.apply(batchOf({ conversations: [res.data.conversation] }));
      return ok(null);
    },
    "note.add": async (c) => {
      const client = api();
      if (!client) return signedOut();
      const res = await client.addNote(c.conversationId, c.body);
      if (!res.ok) return res;
      await engine.apply(batchOf({ notes: [res.data.note] }));
      return ok({ note: res.data.note });
    },
    "thread.loadOlder": (c) => engine.threads.loadOlder(c.conversationId),
    "presence.set": async (c) => {
      engine.sendPresence(c.conversationId, c.state);
      return ok(null);
    },
    "record.opened": async (c, sender) => {
      if (sender.tabId === null) return fail("no_tab", "record.opened comes from a content script in a tab.");
      await ctx.records.opened(sender.tabId, c.record, c.chosen);
      // The panel asks for this record's phone and thread right now; where the numbers were seen can wait
      // until it has them (IndexedDB writes on a busy worker delayed its answers).
      await new Promise((resolve) => setTimeout(resolve, REMEMBER_AFTER_MS));
      await ctx.crmLinks.remember(sender, c.record);
      return ok(null);
    },
    "record.closed": async (_c, sender) => {
      if (sender.tabId === null) return fail("no_tab", "record.closed comes from a content script in a tab.");
      await ctx.records.closed(sender.tabId);
      return ok(null);
    },
    "panel.token": async (c, sender) => {
      if (sender.tabId === null || sender.extensionPage) return fail("no_tab", "panel.token comes from Sidetext's script in a CRM tab.");
      // The frame's page with the thread in it (src/worker/panel-page.ts): only for our content script's
      // frame. Kept for its nonce at once, before it is rendered: the frame's navigation is on its way.
      const paint = c.nonce && sender.url ? firstPaintAt(ctx, sender.url).catch(() => null) : Promise.resolve(null);
      if (c.nonce)
        ctx.panelPages.keep(
          c.nonce,
          paint.then((p) => p?.html ?? null),
        );
      const token = await ctx.panelTokens.issue(sender.tabId, sender.frameId);
      return ok({ token, shows: (await paint)?.shows ?? null });
    },
    search: async (c) => ok(await searchMessages(c.query)),
    "tags.list": async () => ok({ tags: await cachedTags(db) }),
    "crm.open": async (c) => ok({ opened: await openCrmRecord(ctx.records, ctx.tabs, c.e164) }),
    "crm.logStatus": async (c) => api()?.crmLog(c.conversationId) ?? signedOut(),
    "crm.retryLog": async (c) => api()?.retryCrmLog(c.messageId) ?? signedOut(),
    "contact.tags": async ({ contactId, add, remove }) => {
      const client = api();
      if (!client) return signedOut();
      const res = await client.tagContact(contactId, { add, remove });
      if (!res.ok) return res;
      await engine.apply(batchOf({ contacts: [res.data.contact] }));
      return ok({ contact: res.data.contact });
    },
    "settings.get": async () => ok(await ctx.settings.get()),
    "settings.update": async (c) => ok(await ctx.settings.update(c.settings)),
    ...createPageCommandHandlers(ctx),
    ...createScheduledCommandHandlers(ctx),
    ...createAvailabilityCommandHandlers(ctx),
    ...createAiCommandHandlers(ctx),
    ...createSlaCommandHandlers(ctx),
    ...createLocationCommandHandlers(ctx),
  };
}

/** Validates and dispatches one runtime message. */
export function createCommandRouter(ctx: WorkerContext) {
  const handlers = createCommandHandlers(ctx);
  const types = new Set(Object.keys(handlers));
  return (message: unknown, sender: MessageSender): Promise<Result<unknown>> | undefined => {
    // Not one of ours (another module's message): leave it to its own listener.
    const type = (message as { type?: unknown } | null)?.type;
    if (typeof type !== "string" || !types.has(type)) return undefined;
    return dispatch(message, sender);
  };

  async function dispatch(message: unknown, sender: MessageSender): Promise<Result<unknown>> {
    // Who may ask comes first: a sender that may not run this command learns nothing about its body.
    const access = await accessOf(sender, ctx.panelTokens);
    if (!mayRun(access, (message as { type: CommandType }).type)) return fail("forbidden", forbiddenMessage(access));
    const parsed = Command.safeParse(message);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail("invalid_command", `Invalid command: ${issue ? `${issue.path.join(".") || "message"} ${issue.message}` : "unknown"}`);
    }
    const command = parsed.data;
    try {
      return await (handlers[command.type] as Handler<typeof command.type>)(command as never, sender);
    } catch (err) {
      return fail("internal", err instanceof Error ? err.message : String(err));
    }
  }
}
