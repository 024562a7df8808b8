// What the service worker does with pushes (web/sw.ts wires it: registerPushHandlers(self, {session})):
// `push` shows the text as a notification, one per conversation (tag), with "Reply" and "Assign to me";
// `notificationclick` opens or focuses the app on the thread, or assigns the conversation to the device's
// user through the API and opens the thread if that fails. Text is shown as text: notifications have no HTML.
import { PushPayload } from "../../src/protocol/push";

/** The few service-worker types used here (the project's lib is DOM, as in web/sw.ts). */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
export interface PushEventLike extends ExtendableEvent {
  data: { json(): unknown; text(): string } | null;
}
export interface NotificationClickLike extends ExtendableEvent {
  action: string;
  notification: { data: unknown; close(): void };
}
interface WindowClientLike {
  url: string;
  focus(): Promise<unknown>;
  navigate?(url: string): Promise<unknown>;
}
export interface ServiceWorkerLike {
  location: { origin: string };
  registration: {
    showNotification(title: string, options: NotificationOptions & { actions?: { action: string; title: string }[]; renotify?: boolean }): Promise<void>;
  };
  clients: {
    matchAll(options: { type: "window"; includeUncontrolled: boolean }): Promise<readonly WindowClientLike[]>;
    openWindow(url: string): Promise<unknown>;
  };
  addEventListener(type: "push", listener: (event: PushEventLike) => void): void;
  addEventListener(type: "notificationclick", listener: (event: NotificationClickLike) => void): void;
}

interface PushDeps {
  /** The signed-in session (the app's stored one), for "Assign to me"; null when signed out. */
  session(): Promise<{ serverUrl: string; token: string } | null>;
  fetch?: typeof fetch;
}

export function registerPushHandlers(sw: ServiceWorkerLike, deps: PushDeps): void {
  sw.addEventListener("push", (event) => event.waitUntil(showPush(sw, event)));
  sw.addEventListener("notificationclick", (event) => event.waitUntil(clickNotification(sw, deps, event)));
}

export async function showPush(sw: ServiceWorkerLike, event: PushEventLike): Promise<void> {
  const parsed = PushPayload.safeParse(readJson(event));
  // A push must show something (userVisibleOnly); one we cannot read still says there is news.
  if (!parsed.success) return sw.registration.showNotification("Sidetext", { body: "New message", tag: "sidetext", icon: ICON });
  const p = parsed.data;
  await sw.registration.showNotification(p.title, {
    body: p.body,
    tag: `conversation:${p.conversationId}`,
    // A second text on the same conversation replaces the notification and still alerts.
    renotify: true,
    icon: ICON,
    badge: ICON,
    data: p,
    actions: p.actions,
  });
}

export async function clickNotification(sw: ServiceWorkerLike, deps: PushDeps, event: NotificationClickLike): Promise<void> {
  event.notification.close();
  const parsed = PushPayload.safeParse(event.notification.data);
  const url = new URL(parsed.success ? parsed.data.url : "/", sw.location.origin).href;
  if (parsed.success && event.action === "assign" && (await assignToMe(deps, parsed.data))) return;
  await openApp(sw, url);
}

/** PATCH the conversation's assignee to the device's user; false when it could not (then the thread opens). */
async function assignToMe(deps: PushDeps, p: PushPayload): Promise<boolean> {
  const session = await deps.session().catch(() => null);
  if (!session) return false;
  try {
    const res = await (deps.fetch ?? fetch)(`${session.serverUrl.replace(/\/+$/, "")}/v1/conversations/${encodeURIComponent(p.conversationId)}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${session.token}`, "content-type": "application/json" },
      body: JSON.stringify({ assigneeId: p.userId }),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/** Focuses an open window of the app on `url`, or opens one. */
async function openApp(sw: ServiceWorkerLike, url: string): Promise<void> {
  const windows = await sw.clients.matchAll({ type: "window", includeUncontrolled: true });
  const open = windows.find((w) => new URL(w.url).origin === sw.location.origin);
  if (open) {
    await open.navigate?.(url).catch(() => {}); // an uncontrolled window: focus it as it is
    await open.focus();
    return;
  }
  await sw.clients.openWindow(url);
}

const ICON = "/icons/icon-192.png";

function readJson(event: PushEventLike): unknown {
  try {
    return event.data?.json() ?? null;
  } catch {
    return null;
  }
}
