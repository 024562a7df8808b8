// The web worker's src/api/client, as src/sync/engine.ts imports it (web/vite.config.ts swaps it in): the same
// API, whose code (ky, zod and the protocol's response schemas, ~35 KB gzipped) is a chunk of its own. The first
// screen's rows come from IndexedDB and need none of it; the chunk loads with the engine's first request, which
// waits for it, and that request is held until the worker's first answers have gone out.
import type { Api, ApiOptions } from "~src/api/client";

/** Long enough for the first screen's snapshots to go out before the chunk competes for the CPU. */
const FIRST_REQUEST_AFTER_MS = 300;

let client: Promise<typeof import("~src/api/client")> | undefined;
const started = Date.now();
const load = () =>
  (client ??= new Promise((resolve) => setTimeout(resolve, Math.max(0, started + FIRST_REQUEST_AFTER_MS - Date.now()))).then(() => import("~src/api/client")));

/** A method at `path` of the real API (["login"], ["ai", "rewrite"]), called once it has loaded. */
function deferred(real: () => Promise<Record<string, unknown>>, path: string[]): unknown {
  const call = (...args: unknown[]) =>
    real().then((api) => {
      const owner = path.slice(0, -1).reduce<Record<string, unknown>>((o, key) => o[key] as Record<string, unknown>, api);
      return (owner[path[path.length - 1]] as (...a: unknown[]) => unknown).apply(owner, args);
    });
  // Sub-APIs (api.ai, api.locations) are objects of methods: their methods wait the same way.
  return new Proxy(call, { get: (_f, name) => (typeof name === "string" ? deferred(real, [...path, name]) : undefined) });
}

export function createApi(options: ApiOptions): Api {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  let api: Promise<Record<string, unknown>> | undefined;
  const real = () => (api ??= load().then((m) => m.createApi(options) as unknown as Record<string, unknown>));
  // The two members read synchronously (the stream's URL) are computed here as src/api/client.ts does; "then" is
  // not one (awaiting the API object must not call it).
  const sync: Record<string, unknown> = { baseUrl, streamUrl: () => `${baseUrl.replace(/^http/, "ws")}/v1/stream` };
  return new Proxy(sync, {
    get: (target, name) => (typeof name !== "string" || name === "then" ? undefined : name in target ? target[name] : deferred(real, [name])),
  }) as unknown as Api;
}
