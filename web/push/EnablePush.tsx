// Push notifications for this device, and the user's devices that get them. States: unsupported (with what
// to do on iPhone), denied (how to allow them again), off (turn on: the browser asks), on (turn off, and quiet
// hours).
import { useCallback, useEffect, useMemo, useState } from "react";
import type { PushDevice } from "../../src/protocol/push";
import { createPushApi, type PushApi } from "./push-api";
import { QuietHours } from "./QuietHours";
import { browserPushEnv, disablePush, enablePush, pushState, thisDeviceId, type PushEnv, type PushState } from "./subscribe";
import "./push.css";

interface EnablePushProps {
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  /** The browser's push APIs; tests hand in their own. */
  env?: PushEnv;
  /** The user's IANA time zone for quiet hours (default: the browser's). */
  timeZone?: string;
}

export function EnablePush(props: EnablePushProps) {
  const api = useMemo(() => createPushApi({ baseUrl: props.baseUrl, token: props.token, fetch: props.fetch }), [props.baseUrl, props.token, props.fetch]);
  const env = useMemo(() => props.env ?? browserPushEnv(), [props.env]);
  const [state, setState] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const devices = useDevices(api);

  useEffect(() => {
    pushState(env).then(setState, () => setState("unsupported"));
  }, [env]);

  const run = (work: () => Promise<PushState>) => async () => {
    setBusy(true);
    setError(null);
    try {
      setState(await work());
    } catch (err) {
      setError(`${(err as Error).message}. Try again.`);
    } finally {
      setBusy(false);
      devices.reload();
    }
  };

  return (
    <section className="push-panel" data-testid="enable-push" data-state={state ?? "loading"} aria-labelledby="push-title">
      <h2 id="push-title">Notifications on this device</h2>
      {state === null && <p className="st-hint">Checking this browser…</p>}
      {state === "unsupported" && (
        <p>
          This browser cannot show notifications from Sidetext. On an iPhone or iPad, add Sidetext to your Home Screen (Share, then “Add to Home Screen”) and
          open it from there; elsewhere, use a current Chrome, Edge, Firefox or Safari.
        </p>
      )}
      {state === "denied" && (
        <p role="status">
          Notifications are blocked for this site. To allow them, open the site settings (the icon left of the address), set Notifications to Allow, then reload
          this page.
        </p>
      )}
      {state === "off" && (
        <>
          <p>Get a notification when a customer texts a conversation assigned to you, or an unassigned one in your inboxes.</p>
          <button type="button" className="st-btn st-btn-primary" disabled={busy} onClick={run(() => enablePush(api, env))} data-testid="push-turn-on">
            {busy ? "Turning on…" : "Turn on notifications"}
          </button>
        </>
      )}
      {state === "on" && (
        <>
          <p role="status">Notifications are on for this device.</p>
          <button type="button" className="st-btn" disabled={busy} onClick={run(() => disablePush(api, env))} data-testid="push-turn-off">
            {busy ? "Turning off…" : "Turn off on this device"}
          </button>
        </>
      )}
      {error && (
        <p className="push-error" role="alert">
          {error}
        </p>
      )}
      {state === "on" && <QuietHours baseUrl={props.baseUrl} token={props.token} fetch={props.fetch} timeZone={props.timeZone} />}
      <DeviceList devices={devices} current={thisDeviceId(env)} onRemoved={(id) => id === thisDeviceId(env) && setState("off")} api={api} />
    </section>
  );
}

type Devices = ReturnType<typeof useDevices>;

function useDevices(api: PushApi) {
  const [list, setList] = useState<PushDevice[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    setError(null);
    api.devices().then(setList, (err: Error) => setError(`Could not load your devices: ${err.message}`));
  }, [api]);
  useEffect(reload, [reload]);
  return { list, error, reload };
}

function DeviceList(props: { devices: Devices; current: string | null; api: PushApi; onRemoved(id: string): void }) {
  const { list, error, reload } = props.devices;
  const [removing, setRemoving] = useState<string | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  if (error) {
    return (
      <p className="push-error" role="alert">
        {error}{" "}
        <button type="button" className="st-btn st-btn-small" onClick={reload}>
          Try again
        </button>
      </p>
    );
  }
  if (!list) return <p className="st-hint">Loading your devices…</p>;
  if (list.length === 0) return <p className="st-hint">No device gets notifications yet.</p>;
  const remove = async (id: string) => {
    setRemoving(id);
    setRemoveError(null);
    try {
      await props.api.removeDevice(id);
      props.onRemoved(id);
      reload();
    } catch (err) {
      setRemoveError(`Could not remove it: ${(err as Error).message}`);
    } finally {
      setRemoving(null);
    }
  };
  return (
    <>
      <h3 className="push-devices-title">Your devices with notifications</h3>
      <ul className="push-devices" aria-label="Devices with notifications" data-testid="push-devices">
        {list.map((d) => (
          <li key={d.id} className="push-device" data-testid="push-device">
            <span>
              {d.label ?? d.userAgent ?? "A device"}
              {d.id === props.current && <span className="st-badge push-this"> this device</span>}
              <span className="st-hint push-when">
                {" "}
                · added {new Date(d.createdAt).toLocaleDateString()}
                {d.lastPushedAt ? ` · last notified ${new Date(d.lastPushedAt).toLocaleString()}` : ""}
              </span>
            </span>
            <button
              type="button"
              className="st-btn st-btn-small"
              disabled={removing === d.id}
              onClick={() => remove(d.id)}
              aria-label={`Remove ${d.label ?? "device"}`}
            >
              {removing === d.id ? "Removing…" : "Remove"}
            </button>
          </li>
        ))}
      </ul>
      {removeError && (
        <p className="push-error" role="alert">
          {removeError}
        </p>
      )}
    </>
  );
}
