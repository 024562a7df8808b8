// "Mute notifications" for one conversation (per user): no pushes for it on any of the user's devices until
// unmuted. For the thread's header (web-rep places it); the state is read from and written to the server.
import { useEffect, useState } from "react";
import { MutesResponse } from "../../src/protocol/push";

export function MuteToggle(props: { baseUrl: string; token: string; conversationId: string; fetch?: typeof fetch }) {
  const { baseUrl, token, conversationId } = props;
  const doFetch = props.fetch ?? fetch;
  const [muted, setMuted] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const base = `${baseUrl.replace(/\/+$/, "")}/v1/push/mutes`;

  useEffect(() => {
    let live = true;
    setMuted(null);
    doFetch(base, { headers: { authorization: `Bearer ${token}` } })
      .then(async (res) => MutesResponse.parse(await res.json()).conversationIds)
      .then(
        (ids) => live && setMuted(ids.includes(conversationId)),
        () => live && setError("Could not read whether this conversation is muted"),
      );
    return () => {
      live = false;
    };
  }, [base, token, conversationId, doFetch]);

  const toggle = async () => {
    if (muted === null) return;
    setError(null);
    const res = await doFetch(`${base}/${encodeURIComponent(conversationId)}`, {
      method: muted ? "DELETE" : "PUT",
      headers: { authorization: `Bearer ${token}` },
    }).catch(() => null);
    if (res?.ok) setMuted(!muted);
    else setError(muted ? "Could not unmute: try again" : "Could not mute: try again");
  };

  return (
    <span className="push-mute">
      <button
        type="button"
        className="st-btn st-btn-small"
        data-testid="mute-conversation"
        aria-pressed={muted ?? false}
        disabled={muted === null}
        onClick={() => void toggle()}
        title={muted ? "You get no notifications for this conversation" : "Stop notifications for this conversation on all your devices"}
      >
        {muted ? "Unmute notifications" : "Mute notifications"}
      </button>
      {error && (
        <span className="push-error" role="alert">
          {" "}
          {error}
        </span>
      )}
    </span>
  );
}
