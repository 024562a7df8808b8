// #/settings: push notifications on this device (web/push's panel), which needs the session's token.
import { useEffect, useState } from "react";
import { EmptyState, Loading } from "~src/ui/common/EmptyState";
import { EnablePush } from "./push/EnablePush";
import { readSession } from "./session-token";

export function WebSettings() {
  const [session, setSession] = useState<{ serverUrl: string; token: string } | null | undefined>(undefined);
  useEffect(() => {
    void readSession().then(setSession);
  }, []);
  if (session === undefined) return <Loading label="Loading your settings…" />;
  if (!session) return <EmptyState title="Sign in again to change notifications" hint="Your session was not found on this device." />;
  return (
    <div className="web-settings">
      <h2>Notifications</h2>
      <EnablePush baseUrl={session.serverUrl} token={session.token} />
    </div>
  );
}
