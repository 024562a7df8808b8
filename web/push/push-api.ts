// The push endpoints of the Inbox API for the page (web/push): the server's key, this user's devices.
// Answers are checked against the protocol's schemas; failures throw with the server's own sentence.
import ky from "ky";
import type { z } from "zod";
import { errorFromException, errorFromResponse } from "../../src/api/errors";
import { PushDeviceResponse, PushDevicesResponse, PushKeyResponse, type PushSubscriptionBody } from "../../src/protocol/push";

interface PushApiOptions {
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
}

class PushApiError extends Error {}

export function createPushApi(options: PushApiOptions) {
  const http = ky.create({
    prefixUrl: options.baseUrl.replace(/\/+$/, ""),
    headers: { authorization: `Bearer ${options.token}` },
    retry: 0,
    timeout: 20_000,
    throwHttpErrors: false,
    fetch: options.fetch,
  });
  async function call<S extends z.ZodType>(method: string, path: string, schema: S | null, json?: unknown): Promise<z.infer<S>> {
    let res: Response;
    try {
      res = await http(path, { method, json });
    } catch (err) {
      throw new PushApiError(errorFromException(err).error.message);
    }
    const text = await res.text();
    const body = text ? JSON.parse(text) : null;
    if (!res.ok) throw new PushApiError(errorFromResponse(res.status, body).error.message);
    return schema ? schema.parse(body) : body;
  }
  return {
    publicKey: async () => (await call("get", "v1/push/key", PushKeyResponse)).publicKey,
    addDevice: async (body: PushSubscriptionBody) => (await call("post", "v1/push/subscriptions", PushDeviceResponse, body)).device,
    devices: async () => (await call("get", "v1/push/subscriptions", PushDevicesResponse)).devices,
    removeDevice: async (id: string) => void (await call("delete", `v1/push/subscriptions/${encodeURIComponent(id)}`, null)),
  };
}
export type PushApi = ReturnType<typeof createPushApi>;
