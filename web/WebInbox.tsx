// The signed-in app: the popup's triage list (InboxScreen: views with counts, filters, search) and the
// panel's thread (ConversationContainer), side by side on a desktop and one at a time on a phone.
// The thread, the new-text form and the admin console load as their own chunks after the list.
import { lazy, Suspense, useCallback, useEffect, type ReactNode } from "react";
import type { ConversationPatch } from "~src/protocol/api";
import type { User } from "~src/protocol/entities";
import type { SessionSnapshot } from "~src/protocol/snapshots";
import { useClient } from "~src/ui/common/client-context";
import { EmptyState, Loading } from "~src/ui/common/EmptyState";
import { StatusBanner } from "~src/ui/common/StatusBanner";
import { Toast, useToast } from "~src/ui/common/Toast";
import { useConversationUpdate } from "~src/ui/common/use-commands";
import { InboxScreen } from "~src/ui/popup/InboxScreen";
import { listFilterKey, type PopupStore } from "~src/ui/popup/popup-store";
import { useInboxLists } from "~src/ui/popup/use-inbox-lists";
import { useMessageSearch } from "~src/ui/popup/use-message-search";
import { TopBar } from "./TopBar";
import { LocationSwitcher } from "~src/ui/common/LocationSwitcher";
import { inboxFilterFor, inLocation, useLocationChoice } from "~src/ui/common/location-choice";
import { useRoute } from "./use-route";
import { useSaveFirstScreen } from "./use-save-first-screen";

const WebThread = lazy(() => import("./WebThread").then((m) => ({ default: m.WebThread })));
const WebNewThread = lazy(() => import("./WebNewThread").then((m) => ({ default: m.WebNewThread })));
const AdminRoute = lazy(() => import("./AdminRoute").then((m) => ({ default: m.AdminRoute })));
const AnalyticsRoute = lazy(() => import("./analytics/AnalyticsRoute").then((m) => ({ default: m.AnalyticsRoute })));
const WebSettings = lazy(() => import("./WebSettings").then((m) => ({ default: m.WebSettings })));

const DETAIL_LABEL = {
  list: "Conversation",
  thread: "Conversation",
  new: "New text",
  settings: "Notifications",
  admin: "Admin console",
  analytics: "Analytics",
} as const;

interface Props {
  me: User;
  /** Undefined while the hosted worker has not answered yet (the list shows the page saved last time). */
  session: SessionSnapshot | undefined;
  /** The list's filters (view, status, inbox, search). */
  store: PopupStore;
}

export function WebInbox({ me, session, store }: Props) {
  const client = useClient();
  const { route, go } = useRoute();
  const filters = store();
  const lists = useInboxLists({ view: filters.view, status: filters.status, inboxId: filters.inboxId, tag: filters.tag, userId: me.id });
  const textSearch = useMessageSearch(filters.query);
  const toast = useToast();
  // A rep of several locations works in one at a time, or all (issue 18).
  const [locationId, chooseLocation] = useLocationChoice(me.id);
  const data = lists.data && inLocation(lists.data, locationId);
  const openId = route.name === "thread" ? route.id : null;
  // The next cold load paints this list (unsearched: the search is not kept) before the app has loaded (web/boot.ts).
  useSaveFirstScreen(session && data && !lists.loading && route.name === "list" && !filters.query ? me.id : null, listFilterKey(filters));

  const { mutate: updateConversation } = useConversationUpdate();
  const update = useCallback(
    (conversationId: string, patch: ConversationPatch, done: string) =>
      updateConversation({ conversationId, patch }, { onSuccess: () => toast.show(done), onError: (failure) => toast.show(failure.message) }),
    [updateConversation, toast],
  );
  const backToList = useCallback(() => go({ name: "list" }), [go]);

  // Esc leaves a thread (or the new-text form) for the list, as in the popup; forms that use Esc say so first.
  useEffect(() => {
    if (route.name === "list") return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      e.preventDefault();
      backToList();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [route.name, backToList]);

  // Keyboard focus follows the view: the thread when one opens, the list when back.
  useEffect(() => {
    const t = setTimeout(() => {
      if (document.activeElement && document.activeElement !== document.body) return;
      document.querySelector<HTMLElement>(route.name === "thread" ? "[data-testid=thread]" : "[role=listbox]")?.focus();
    }, 0);
    return () => clearTimeout(t);
  }, [route]);

  const banner = <StatusBanner session={session} />;
  let detail: ReactNode;
  if (route.name === "thread") {
    detail = <WebThread key={route.id} conversationId={route.id} me={me} inboxes={data?.inboxes ?? []} onBack={backToList} onError={toast.show} />;
  } else if (route.name === "new" && data) {
    detail = <WebNewThread data={data} defaultInboxId={filters.inboxId} onDone={(id) => go(id ? { name: "thread", id } : { name: "list" })} />;
  } else if (route.name === "settings") {
    detail = <WebSettings />;
  } else if (route.name === "admin") {
    detail = <AdminRoute me={me} />;
  } else if (route.name === "analytics") {
    detail = <AnalyticsRoute locationId={route.locationId} />;
  } else {
    detail = <EmptyState title="Pick a conversation" hint="Choose one on the left, or press n to text a new number." />;
  }

  return (
    <div className="web-shell" data-route={route.name}>
      <TopBar
        me={me}
        listShown={Boolean(session && data && !lists.loading)}
        adminOpen={route.name === "admin"}
        onAdmin={() => go({ name: "admin" })}
        settingsOpen={route.name === "settings"}
        onSettings={() => go({ name: "settings" })}
        onSignOut={() => void client.send({ type: "auth.signOut" })}
        locationSwitcher={
          lists.data && (
            <LocationSwitcher
              inboxes={lists.data.inboxes}
              value={locationId}
              onChange={(id) => {
                chooseLocation(id);
                filters.set({ inboxId: inboxFilterFor(lists.data?.inboxes ?? [], id) });
              }}
            />
          )
        }
      />
      <div className="web-columns">
        <section className="web-list st-app" aria-label="Conversations">
          {data ? (
            <InboxScreen
              data={data}
              me={me}
              view={filters.view}
              status={filters.status}
              inboxId={filters.inboxId}
              tag={filters.tag}
              query={filters.query}
              activeId={openId ?? filters.activeId}
              onChange={filters.set}
              onOpen={(id) => go({ name: "thread", id })}
              onNewMessage={() => go({ name: "new" })}
              onReply={(id) => go({ name: "thread", id })}
              onResolve={(id) => update(id, { status: "resolved" }, "Resolved")}
              onAssignToMe={(id) => update(id, { assigneeId: me.id }, "Assigned to you")}
              failedIds={lists.failedIds}
              presence={lists.presence}
              textSearch={textSearch}
              counts={lists.complete ? null : lists.counts}
              loading={lists.loading}
              banner={banner}
            />
          ) : (
            <Loading label="Opening your inbox…" />
          )}
        </section>
        <section className="web-detail st-app" aria-label={DETAIL_LABEL[route.name]}>
          <Suspense fallback={<Loading label="Loading…" />}>{detail}</Suspense>
        </section>
      </div>
      <Toast message={toast.message} />
    </div>
  );
}
