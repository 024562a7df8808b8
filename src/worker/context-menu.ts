// "Text <number> with Sidetext" on selected text and on tel:/sms: links, on any page. Where our panel
// shows a record in that tab, the panel switches to the number; anywhere else the popup's thread for it
// opens in a small window (or the popup's "New message" with the number filled in).
import { batchOf } from "../sync/batch";
import type { ContextMenus, MenuClick, MenuItem } from "../platform/context-menus";
import type { Notifications } from "../platform/notifications";
import type { PageTabs } from "../platform/page-tabs";
import type { TabsApi } from "../platform/tabs";
import type { WorkerContext } from "./context";
import { repNumber } from "./rep-numbers";

const MENU_ITEMS: MenuItem[] = [
  { id: "sidetext-text-selection", title: "Text \u201c%s\u201d with Sidetext", contexts: ["selection"] },
  { id: "sidetext-text-link", title: "Text this number with Sidetext", contexts: ["link"], targetUrlPatterns: ["tel:*", "sms:*"] },
];
const POPUP_SIZE = { width: 420, height: 640 };

export type MenuOutcome = { opened: "panel" | "popup"; e164: string; conversationId: string | null } | { opened: null; reason: string };

export interface MenuDeps {
  tabs: PageTabs;
  pages: Pick<TabsApi, "extensionUrl">;
  notifications: Pick<Notifications, "show">;
}

export function createContextMenuHandler(ctx: WorkerContext, deps: MenuDeps) {
  return async function textNumber(click: MenuClick): Promise<MenuOutcome> {
    if (!MENU_ITEMS.some((item) => item.id === click.menuItemId)) return { opened: null, reason: "not ours" };
    const text = click.linkUrl ?? click.selectionText ?? "";
    const phone = repNumber(text, "context-menu", (await ctx.settings.get()).defaultCountry);
    if (!phone) {
      const reason = `Sidetext found no phone number in \u201c${text.slice(0, 60)}\u201d.`;
      await deps.notifications.show("sidetext-menu-no-number", { title: "No phone number", message: reason }).catch(() => undefined);
      return { opened: null, reason };
    }
    if (click.tabId !== null && (await ctx.records.pick(click.tabId, phone))) {
      // The panel may be collapsed to its handle: the content script opens it.
      await deps.tabs.send(click.tabId, { type: "sidetext:show-panel" }).catch(() => undefined);
      return { opened: "panel", e164: phone.e164, conversationId: null };
    }
    const conversationId = await newestConversation(ctx, phone.e164);
    const hash = conversationId ? `#/conversation/${encodeURIComponent(conversationId)}` : `#/new?to=${encodeURIComponent(phone.e164)}`;
    await deps.tabs.openWindow(deps.pages.extensionUrl(`popup.html${hash}`), POPUP_SIZE);
    return { opened: "popup", e164: phone.e164, conversationId };
  };
}

/** The number's most recent conversation: from the cache, else asked of the server (older threads). */
async function newestConversation(ctx: WorkerContext, e164: string): Promise<string | null> {
  const cached = async () => {
    const contact = await ctx.db.contacts.where("phoneNumber").equals(e164).first();
    if (!contact) return null;
    const rows = await ctx.db.conversations.where("contactId").equals(contact.id).toArray();
    return rows.sort((a, b) => b.sortAt.localeCompare(a.sortAt))[0]?.id ?? null;
  };
  const hit = await cached();
  const api = ctx.engine.current()?.api;
  if (hit || !api) return hit;
  const res = await api.lookup(e164);
  if (!res.ok) return null;
  await ctx.engine.apply(batchOf({ contacts: res.data.contact ? [res.data.contact] : [], conversations: res.data.conversations }));
  return cached();
}

export function registerContextMenu(ctx: WorkerContext, menus: ContextMenus, deps: MenuDeps) {
  const handler = createContextMenuHandler(ctx, deps);
  menus.onInstalled(() => void menus.create(MENU_ITEMS));
  menus.onClicked((click) => void handler(click));
  return handler;
}
