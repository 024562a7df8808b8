// The toolbar popup: the whole shared inbox in 400×580. Paints from the worker's cache at once; routes
// are hash-based (#/conversation/<id> from notifications) so Back and deep links both work.
import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import type { ConversationPatch } from "../../protocol/api";
import { useClient } from "../common/client-context";
import { useConversationUpdate } from "../common/use-commands";
import { ConversationContainer } from "../thread/ConversationContainer";
import { EmptyState, Loading } from "../common/EmptyState";
import { EnableSiteOffer, type RequestOrigin } from "../common/EnableSiteOffer";
import { InboxScreen } from "./InboxScreen";
import { LocationSwitcher } from "../common/LocationSwitcher";
import { AwayToggle } from "../common/AwayToggle";
import { inboxFilterFor, inLocation, useLocationChoice } from "../common/location-choice";
import { NewMessageStart } from "./NewMessageStart";
import { createPopupStore, hashForRoute, routeFromHash, type PopupRoute } from "./popup-store";
import { StatusBanner } from "../common/StatusBanner";
import { Toast, useToast } from "../common/Toast";
import { useInboxLists } from "./use-inbox-lists";
import { useMessageSearch } from "./use-message-search";
import { useUserStorage } from "../common/user-storage";

const SESSION = { type: "session" } as const;

interface Props {
  onSignIn?(): void;
  initialHash?: string;
  /** Asks Chrome for a site's host permission ("Enable Sidetext on <host>"); without it the offer is hidden. */
  requestOrigin?: RequestOrigin;
}

export function PopupApp({ onSignIn, initialHash = location.hash, requestOrigin }: Props) {
  const client = useClient();
  const [store] = useState(() => createPopupStore(routeFromHash(initialHash)));
  const state = store();
  const session = client.useSubscription(SESSION);
  const userId = session ? (session.user?.id ?? null) : undefined;
  useUserStorage(userId);
  const textSearch = useMessageSearch(state.route.name === "list" ? state.query : "");
  const lists = useInboxLists({ view: state.view, status: state.status, inboxId: state.inboxId, tag: state.tag, userId });
  // A rep of several locations works in one at a time, or all (issue 18).
  const [locationId, chooseLocation] = useLocationChoice(userId);
  const data = lists.data && inLocation(lists.data, locationId);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const focusComposer = useRef(false);
  const toast = useToast();
  const me = session?.user ?? lists.me ?? null;

  const go = useCallback(
    (route: PopupRoute) => {
      store.getState().go(route);
      const hash = hashForRoute(route);
      if (location.hash !== hash) history.replaceState(null, "", hash);
    },
    [store],
  );
  useEffect(() => {
    const onHash = () => store.getState().go(routeFromHash(location.hash));
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, [store]);

  // The row's quick actions show at once (optimistically) and are put back, with the reason, if refused.
  const { mutate: updateConversation } = useConversationUpdate();
  const update = useCallback(
    (conversationId: string, patch: ConversationPatch, done: string) => {
      updateConversation({ conversationId, patch }, { onSuccess: () => toast.show(done), onError: (failure) => toast.show(failure.message) });
    },
    [updateConversation, toast],
  );

  // After "r" the composer takes focus once the thread has rendered.
  useEffect(() => {
    if (state.route.name !== "conversation" || !focusComposer.current) return;
    const t = setInterval(() => {
      if (composerRef.current) {
        composerRef.current.focus();
        focusComposer.current = false;
        clearInterval(t);
      }
    }, 16);
    return () => clearInterval(t);
  }, [state.route]);

  // Esc goes back from anywhere (focus may be on <body> after a view change); pickers and forms that
  // use Esc themselves call preventDefault first.
  const routeName = state.route.name;
  useEffect(() => {
    if (routeName === "list") return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      e.preventDefault();
      go({ name: "list" });
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [routeName, go]);

  // Keyboard focus follows the view: the list when back, the thread when a conversation opens.
  // biome-ignore lint/correctness/useExhaustiveDependencies: state.route runs it again when another conversation opens (the route's name stays "conversation").
  useEffect(() => {
    const t = setTimeout(() => {
      if (document.activeElement && document.activeElement !== document.body) return;
      const target = routeName === "list" ? "[role=listbox]" : routeName === "conversation" ? "[data-testid=thread]" : null;
      if (target) document.querySelector<HTMLElement>(target)?.focus();
    }, 0);
    return () => clearTimeout(t);
  }, [routeName, state.route]);

  const banner = <StatusBanner session={session} onSignIn={onSignIn} />;
  const signedOut = session?.connection.state === "signed_out";
  let body: ReactNode;
  if (!data) body = <Loading label="Opening your inbox…" />;
  else if (signedOut && data.conversations.length === 0) {
    body = (
      <EmptyState
        title="Sign in to Sidetext"
        hint="Sign in with your team's Sidetext server to see the shared inbox."
        action={
          onSignIn && (
            <button type="button" className="st-btn st-btn-primary" onClick={onSignIn}>
              Sign in
            </button>
          )
        }
      />
    );
  } else if (state.route.name === "conversation") {
    body = (
      <ConversationContainer
        key={state.route.id}
        conversationId={state.route.id}
        me={me}
        inboxes={data.inboxes}
        sendBlockedReason={signedOut ? "You are signed out. Sign in to reply." : null}
        header={{ onBack: () => go({ name: "list" }) }}
        openInCrm
        composerRef={composerRef}
        banner={banner}
        onError={toast.show}
      />
    );
  } else if (state.route.name === "new") {
    body = (
      <NewMessageStart
        data={data}
        initialTo={state.route.to}
        onDone={(id) => go(id ? { name: "conversation", id } : { name: "list" })}
        defaultInboxId={state.inboxId}
      />
    );
  } else {
    body = (
      <InboxScreen
        data={data}
        me={me}
        view={state.view}
        status={state.status}
        inboxId={state.inboxId}
        tag={state.tag}
        query={state.query}
        activeId={state.activeId}
        onChange={state.set}
        onOpen={(id) => go({ name: "conversation", id })}
        onNewMessage={() => go({ name: "new" })}
        onReply={(id) => {
          focusComposer.current = true;
          go({ name: "conversation", id });
        }}
        onResolve={(id) => update(id, { status: "resolved" }, "Resolved")}
        onAssignToMe={(id) => me && update(id, { assigneeId: me.id }, "Assigned to you")}
        failedIds={lists.failedIds}
        presence={lists.presence}
        textSearch={textSearch}
        counts={lists.complete ? null : lists.counts}
        loading={lists.loading}
        banner={banner}
      />
    );
  }
  return (
    <div className="st-app st-popup">
      {requestOrigin && state.route.name === "list" && <EnableSiteOffer requestOrigin={requestOrigin} />}
      {state.route.name === "list" && <AwayToggle />}
      {state.route.name === "list" && lists.data && (
        <LocationSwitcher
          inboxes={lists.data.inboxes}
          value={locationId}
          onChange={(id) => {
            chooseLocation(id);
            state.set({ inboxId: inboxFilterFor(lists.data?.inboxes ?? [], id) });
          }}
        />
      )}
      {body}
      <Toast message={toast.message} />
    </div>
  );
}
