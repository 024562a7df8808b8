// The user's do-not-disturb hours over the Inbox API (web/push/QuietHours.tsx), beside push-api.ts's devices.
import { QuietHoursResponse, type QuietHours } from "../../src/protocol/push";

export function createQuietHoursApi(options: { baseUrl: string; token: string; fetch?: typeof fetch }) {
  const url = `${options.baseUrl.replace(/\/+$/, "")}/v1/push/quiet-hours`;
  const call = async (init: RequestInit = {}) => {
    const res = await (options.fetch ?? fetch)(url, {
      ...init,
      headers: { authorization: `Bearer ${options.token}`, ...(init.body ? { "content-type": "application/json" } : {}) },
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new Error(body?.error?.message ?? `The server answered ${res.status}`);
    return QuietHoursResponse.parse(body).quietHours;
  };
  return {
    get: () => call(),
    set: (quietHours: QuietHours | null) => call({ method: "PUT", body: JSON.stringify({ quietHours }) }),
  };
}
