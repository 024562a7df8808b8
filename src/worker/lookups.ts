// The CRM panel asks about a number the cache may not know (bootstrap holds recent threads only):
// /v1/lookup once per number per worker life, written into the cache like any other answer.
import { batchOf } from "../sync/batch";
import type { SyncEngine } from "../sync/engine";
import type { CommandError } from "../protocol/messages";

export interface LookupState {
  status: "loading" | "ready" | "error";
  error: CommandError | null;
}

export type PhoneLookups = ReturnType<typeof createPhoneLookups>;

export function createPhoneLookups(engine: SyncEngine) {
  const states = new Map<string, LookupState>();
  const listeners = new Set<() => void>();
  const set = (e164: string, state: LookupState) => {
    states.set(e164, state);
    for (const l of listeners) l();
  };

  async function run(e164: string) {
    const current = engine.current();
    if (!current)
      return set(e164, { status: "error", error: { code: "signed_out", message: "Sign in to Sidetext to see this number's messages.", status: 0 } });
    const res = await current.api.lookup(e164);
    if (!res.ok) return set(e164, { status: "error", error: res.error });
    const { contact, conversations } = res.data;
    await engine.apply(batchOf({ contacts: contact ? [contact] : [], conversations }));
    set(e164, { status: "ready", error: null });
  }

  return {
    /** Where the lookup of `e164` stands; starts it the first time (or after an error when `retry`). */
    state(e164: string, retry = false): LookupState {
      const held = states.get(e164);
      if (held && !(retry && held.status === "error")) return held;
      const loading: LookupState = { status: "loading", error: null };
      states.set(e164, loading);
      void run(e164);
      return loading;
    },
    clear: () => states.clear(),
    onChange(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
