// The web app: signing in, then the shared inbox. The hosted worker (web/worker) answers the same topics
// and commands as the extension's service worker, so the views here are the popup's and panel's own.
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { useClient } from "~src/ui/common/client-context";
import { EmptyState, Loading } from "~src/ui/common/EmptyState";
import { readFirstPage } from "~src/ui/common/first-page-cache";
import { useUserStorage } from "~src/ui/common/user-storage";
import { createPopupStore } from "~src/ui/popup/popup-store";
import { SignIn } from "./SignIn";
import { WebInbox } from "./WebInbox";
import { inviteTokenIn } from "./admin/invite-link";

const JoinByInvite = lazy(() => import("./admin/JoinByInvite").then((m) => ({ default: m.JoinByInvite })));

const SESSION = { type: "session" } as const;
/** How long the worker may take to answer before the page says so. */
const SLOW_START_MS = 8000;

export function WebApp() {
  const session = useClient().useSubscription(SESSION);
  // The list's filters, kept from the last visit; with them, the list page this browser showed last time.
  const [store] = useState(() => createPopupStore());
  const lastUser = useMemo(() => {
    const { view, status, inboxId } = store.getState();
    return readFirstPage(`${view}|${status}|${inboxId}`)?.me ?? null;
  }, [store]);
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (session) return;
    const t = setTimeout(() => setSlow(true), SLOW_START_MS);
    return () => clearTimeout(t);
  }, [session]);
  useUserStorage(session ? (session.user?.id ?? null) : undefined);

  // Until the hosted worker answers (it starts, opens IndexedDB, counts), the inbox paints from that page;
  // the worker's snapshots replace it, or its session sends a signed-out browser to the sign-in screen.
  if (!session && lastUser) return <WebInbox me={lastUser} session={undefined} store={store} />;
  if (!session) {
    return slow ? (
      <EmptyState
        title="Sidetext is taking long to start"
        hint="Its background worker did not answer. Reload the page; if that does not help, close other Sidetext tabs and try again."
        action={
          <button type="button" className="st-btn st-btn-primary" onClick={() => location.reload()}>
            Reload
          </button>
        }
      />
    ) : (
      <Loading label="Opening Sidetext…" />
    );
  }
  if (!session.user) {
    // An invite link (#/invite/<token>) opens the join form instead; it is its own chunk (web/admin).
    const invite = inviteTokenIn(location.hash);
    if (invite)
      return (
        <Suspense fallback={<Loading label="Opening the invite…" />}>
          <JoinByInvite token={invite} />
        </Suspense>
      );
    const reason = session.connection.reason && !/^(Not signed in yet|You signed out)/.test(session.connection.reason) ? session.connection.reason : null;
    return <SignIn reason={reason} waiting={session.waitingToSend} />;
  }
  return <WebInbox me={session.user} session={session} store={store} />;
}
