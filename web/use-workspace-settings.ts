// The workspace's settings (default country, opt-out wording…; GET /v1/workspace/settings) for the page's
// forms: undefined while reading, null when they cannot be read (offline: the forms use their defaults).
import { useEffect, useState } from "react";
import { type WorkspaceSettings, WorkspaceSettingsResponse } from "~src/protocol/workspace";

export function useWorkspaceSettings(session: { serverUrl: string; token: string } | null | undefined): WorkspaceSettings | null | undefined {
  const [settings, setSettings] = useState<WorkspaceSettings | null | undefined>(undefined);
  useEffect(() => {
    if (session === undefined) return;
    if (session === null) {
      setSettings(null);
      return;
    }
    let live = true;
    fetch(`${session.serverUrl.replace(/\/+$/, "")}/v1/workspace/settings`, { headers: { authorization: `Bearer ${session.token}` } })
      .then(async (res) => (res.ok ? WorkspaceSettingsResponse.parse(await res.json()).settings : null))
      .catch(() => null)
      .then((s) => live && setSettings(s));
    return () => {
      live = false;
    };
  }, [session]);
  return settings;
}
