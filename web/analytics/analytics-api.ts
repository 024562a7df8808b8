// The analytics pages' calls to GET /v1/analytics/… (ky, bearer token), answers checked against the
// protocol's schemas; CSV exports are fetched with the same token and saved as a file.
import ky from "ky";
import { BreakdownResponse, RollupResponse } from "../../src/protocol/analytics";

export type AnalyticsApi = ReturnType<typeof createAnalyticsApi>;

export function createAnalyticsApi(token: string, baseUrl = location.origin) {
  const http = ky.create({ prefixUrl: `${baseUrl}/v1/analytics`, headers: { authorization: `Bearer ${token}` }, retry: 0, timeout: 20_000 });
  const query = (params: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return {
    rollup: async (from: string, to: string) => RollupResponse.parse(await http.get("rollup", { searchParams: { from, to } }).json()),
    breakdown: async (params: { by: string; from: string; to: string; locationId?: string; tag?: string }) =>
      BreakdownResponse.parse(await http.get("breakdown", { searchParams: query(params) }).json()),
    /** Downloads a table as CSV (the server names the file). */
    downloadCsv: async (table: "rollup" | "breakdown", params: Record<string, string | undefined>) => {
      const res = await http.get(`${table}.csv`, { searchParams: query(params) });
      const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? `${table}.csv`;
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}

const DAY_MS = 86_400_000;
/** The last `days` days through today (UTC), as the API's from/to. */
export function lastDays(days: number, now = Date.now()) {
  return { from: new Date(now - (days - 1) * DAY_MS).toISOString().slice(0, 10), to: new Date(now).toISOString().slice(0, 10) };
}
