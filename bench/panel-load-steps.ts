// Where a full page load's time goes (bench/panel-switch.ts, bench/panel-unattached.ts): each step as epoch ms
// (timeOrigin + startTime), read in the CRM page and in the panel frame after the load. Expressions, so the
// same ones run through Playwright and through a bare DevTools connection.

/** In the CRM page: the content script's marks (src/crm/run-content-script.ts, panel-frame.ts). */
export const PAGE_STEPS = `(() => {
  const at = (n) => { const m = performance.getEntriesByName(n)[0]; return m ? performance.timeOrigin + m.startTime : null; };
  return {
    "content script started": at("sidetext:script-start"),
    "panel iframe created (its navigation starts)": at("sidetext:iframe-created"),
    "content script has the worker's token": at("sidetext:panel-token"),
    "record read from the page": at("sidetext:record-read"),
    "content script lifted its cover": at("sidetext:cover-lifted"),
  };
})()`;

/**
 * In the panel frame: its navigation timing and marks (tabs/panel.tsx, src/crm/panel-first-paint.ts), and
 * when the thread's text in the worker's HTML was painted (src/worker/panel-page.ts; Element Timing entries
 * are read with a buffered observer: they are not in the performance timeline).
 */
export const PANEL_STEPS = `(async () => {
  const element = await new Promise((resolve) => {
    const seen = [];
    try { new PerformanceObserver((l) => seen.push(...l.getEntries())).observe({ type: "element", buffered: true }); } catch {}
    setTimeout(() => resolve(seen), 30);
  });
  const fromHtml = element.filter((e) => e.identifier === "sidetext-thread").map((e) => e.renderTime || e.loadTime);
  const marks = (n) => performance.getEntriesByName(n);
  const at = (n) => { const m = marks(n)[0]; return m ? performance.timeOrigin + m.startTime : null; };
  const nav = performance.getEntriesByType("navigation")[0];
  const epoch = (ms) => (ms ? performance.timeOrigin + ms : null);
  const painted = at("sidetext:thread-painted");
  const shown = at("sidetext:record-shown");
  const react = marks("sidetext:thread-painted").find((m) => !String(m.detail).startsWith("first-paint:"));
  return {
    "panel frame navigation started": performance.timeOrigin,
    "panel HTML received": epoch(nav && nav.responseEnd),
    "panel HTML parsed (when DevTools is attached, after it lets the frame commit)": epoch(nav && nav.domInteractive),
    "panel bundle added, after the worker's HTML was painted": at("sidetext:panel-start"),
    "panel bundle run": at("sidetext:panel-module"),
    "panel has the token": at("sidetext:token-received"),
    "phone snapshot in the panel": at("sidetext:ahead-phone"),
    "thread snapshot in the panel": at("sidetext:ahead-thread"),
    "thread painted from the worker's HTML": fromHtml.length ? performance.timeOrigin + Math.min(...fromHtml) : null,
    "thread painted by the panel's script": painted,
    "panel said it showed the record": shown,
    "React's panel painted the thread": react ? performance.timeOrigin + react.startTime : null,
  };
})()`;

export type Steps = Record<string, number | null>;

/**
 * The thread is visible to the rep at the later of its paint (from the worker's HTML, else the panel's own
 * first paint) and the cover's lift (the content script's mark, else the panel saying it showed the record).
 */
export function threadVisible(steps: Steps): number | null {
  const painted = steps["thread painted from the worker's HTML"] ?? steps["thread painted by the panel's script"];
  const lifted = steps["content script lifted its cover"] ?? steps["panel said it showed the record"];
  return painted && lifted ? Math.max(painted, lifted) : null;
}

/**
 * How many loads got the worker's page (the thread in its HTML; else the file won the race), and the median
 * "thread visible" of each kind (`visible[i]` is load i's).
 */
export function answeredRow(label: string, visible: number[], loads: Steps[]): string {
  const median = (xs: number[]) => (xs.length ? `${[...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(1)} ms` : "–");
  const worker = visible.filter((_, i) => loads[i]["thread painted from the worker's HTML"] != null);
  const file = visible.filter((_, i) => loads[i]["thread painted from the worker's HTML"] == null);
  return `| full page load, ${label}: the worker's page (thread in its HTML) in ${worker.length} of ${visible.length} loads: thread visible | ${median(worker)} | the file's: ${median(file)} |`;
}

/** `| step | median ms from navigation start |` rows, in the order the steps happen. */
export function stepRows(label: string, loads: Steps[]): string[] {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const names = Object.keys(loads[0] ?? {});
  const medians = names
    .map((name) => [name, loads.map((s) => s[name]).filter((x): x is number => typeof x === "number")] as const)
    .filter(([, xs]) => xs.length > 0)
    .map(([name, xs]) => [name, median(xs)] as const)
    .sort((a, b) => a[1] - b[1]);
  return [
    `| full page load, ${label}: step | median ms after navigation start |`,
    "| --- | ---: |",
    ...medians.map(([n, ms]) => `| ${n} | ${ms.toFixed(1)} |`),
  ];
}
