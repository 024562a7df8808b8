// A desktop notification per new inbound message on a conversation that is mine or unassigned; a click
// brings back the CRM tab where that number was last seen (or its page), else the popup view in a tab.
import { formatPhone } from "../core/phone";
import type { Message } from "../protocol/entities";
import type { Notifications } from "../platform/notifications";
import type { TabsApi } from "../platform/tabs";
import type { WorkerContext } from "./context";
import { openCrmRecord } from "./open-crm-record";

const PREFIX = "sidetext:";
/** Older messages reaching us in a catch-up are history, not news. */
const NOTIFY_WINDOW_MS = 10 * 60_000;
const MAX_PER_BATCH = 5;

function conversationUrl(tabs: TabsApi, conversationId: string) {
  return tabs.extensionUrl(`popup.html#/conversation/${encodeURIComponent(conversationId)}`);
}

export function registerNotifications(ctx: WorkerContext, notifications: Notifications, tabs: TabsApi, now: () => number = Date.now) {
  async function notify(messages: Message[]) {
    const me = ctx.engine.session()?.user;
    const settings = await ctx.settings.get();
    if (!me || !settings.notifications) return;
    const recent = messages.filter((m) => now() - Date.parse(m.createdAt) < NOTIFY_WINDOW_MS).slice(-MAX_PER_BATCH);
    for (const message of recent) {
      const conversation = await ctx.db.conversations.get(message.conversationId);
      if (conversation && conversation.assigneeId !== null && conversation.assigneeId !== me.id) continue;
      const contact = await ctx.db.contacts.get(message.contactId);
      const title = contact?.name || (contact ? formatPhone(contact.phoneNumber, settings.defaultCountry) : "New text");
      const firstLine = message.body.split(/\r?\n/).find((l) => l.trim()) ?? (message.media.length ? "Sent a picture" : "");
      const inbox = await ctx.db.inboxes.get(message.inboxId);
      await notifications
        .show(`${PREFIX}${message.conversationId}:${message.id}`, { title, message: firstLine.slice(0, 200), contextMessage: inbox?.name })
        .catch(() => {}); // notifications may be blocked at the OS level; never break sync over it
    }
  }

  async function open(notificationId: string) {
    if (!notificationId.startsWith(PREFIX)) return;
    const conversationId = notificationId.slice(PREFIX.length).split(":")[0];
    await notifications.clear(notificationId).catch(() => {});
    const conversation = await ctx.db.conversations.get(conversationId);
    const contact = conversation ? await ctx.db.contacts.get(conversation.contactId) : undefined;
    if (contact && (await openCrmRecord(ctx.records, tabs, contact.phoneNumber))) return;
    await tabs.open(conversationUrl(tabs, conversationId));
  }

  const offs = [ctx.engine.onInbound((m) => void notify(m)), notifications.onClicked((id) => void open(id))];
  return {
    open,
    dispose: () => {
      for (const off of offs) off();
    },
  };
}
