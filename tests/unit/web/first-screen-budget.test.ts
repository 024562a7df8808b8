// The web app's performance budget (issue 15): the JavaScript a first visit needs for its first screen (the page's
// entry and app chunks plus the hosted worker's first chunk, each with what it imports statically) stays within
// 200 KB gzipped. Chunks loaded later by import() (thread, admin console, analytics, the worker's commands …)
// do not count. Builds web/dist when it is older than its sources.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../support/browser";
import { ensureWebBuilt } from "../../support/web-app";
import { firstScreenJs } from "../../../web/scripts/first-screen-js.mjs";

const BUDGET_BYTES = 200_000;

interface Sized {
  file: string;
  gzip: number;
}

describe("web app first screen", () => {
  it("needs at most 200 KB of gzipped JavaScript, the worker's commands and API client not among it", { timeout: 300_000 }, () => {
    ensureWebBuilt();
    const { page, worker, total } = firstScreenJs(path.join(ROOT, "web/dist")) as { page: Sized[]; worker: Sized[]; total: number };
    const files = [...page, ...worker].map((f) => `${f.file} ${(f.gzip / 1000).toFixed(1)} kB`).join(", ");
    expect(total, `first-screen JS ${(total / 1000).toFixed(1)} kB gzipped: ${files}`).toBeLessThanOrEqual(BUDGET_BYTES);
    expect(page.length).toBeGreaterThanOrEqual(2); // the entry and the app it preloads
    expect(worker.length).toBeGreaterThanOrEqual(1); // the hosted worker the app starts
    expect(worker.map((f) => f.file).filter((f) => /\/(commands|client)-/.test(f))).toEqual([]);
  });
});
