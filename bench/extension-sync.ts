// Extension sync (issue 3), measured in headless Chromium (Debian's /usr/bin/chromium) in the built
// extension's service worker against the real server (in-process, SQLite):
//  1. cold bootstrap of 5,000 conversations with their contacts into IndexedDB (sign-in → cursor written),
//     next to the floor: a bare IndexedDB put of the same rows in the same worker;
//  2. catch-up of 1,000 events after the worker was away (browser closed, relaunched on the same profile);
//  3. event → port subscriber: an inbound text's stream frame reaching the worker → the page's snapshot.
// Numbers come from the worker's own User Timing entries (src/sync/timing.ts).
//   npx tsx bench/extension-sync.ts
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuilt, launchExtension, type LaunchedExtension } from "../tests/support/browser";
import { startServer, waitFor, type TestServer } from "../tests/support/server";

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 5000);
const CATCH_UP_EVENTS = Number(process.env.BENCH_EVENTS ?? 1000);
const step = (what: string) => process.stderr.write(`… ${what}\n`);
const LATENCY_SAMPLES = 30;
const ms = (x: number) => `${x.toFixed(0)} ms`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function seed(server: TestServer, token: string, inboxId: string, count: number, offset: number) {
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < count; n = next++) {
      const res = await server.call("POST", "/v1/simulator/inbound", {
        token,
        json: { inboxId, from: `+1212${String(5550000 + offset + n).padStart(7, "0")}`, body: `Order #${1000 + n}: is it ready?` },
      });
      if (res.status !== 201) throw new Error(`seed failed: ${res.status} ${JSON.stringify(res.body)}`);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}

const workerMeasure = (ext: LaunchedExtension, name: string) =>
  ext.worker.evaluate((n) => {
    const m = performance.getEntriesByName(n).at(-1) as PerformanceMeasure | undefined;
    return m ? { duration: m.duration, detail: m.detail } : null;
  }, name);

async function main() {
  ensureBuilt();
  const server = await startServer({ simulatorStepMs: 60_000 });
  const admin = await server.login("admin@demo.test");
  const inboxId = (await server.call("GET", "/v1/me", { token: admin })).body.inboxes[0].id;
  const seedStart = Date.now();
  await seed(server, admin, inboxId, CONVERSATIONS, 0);
  console.log(`(seeded ${CONVERSATIONS} conversations through the simulator in ${((Date.now() - seedStart) / 1000).toFixed(1)} s)`);

  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-bench-"));
  step("launching Chromium");
  let ext = await launchExtension({ profileDir });
  step("signing in");
  const page = await ext.openPage("options.html");
  const t0 = Date.now();
  const signIn = await page.evaluate((cmd) => chrome.runtime.sendMessage(cmd), {
    type: "auth.signIn",
    serverUrl: server.url,
    email: "admin@demo.test",
    password: "sidetext-demo",
  });
  const signInMs = Date.now() - t0;
  if (!signIn?.ok) throw new Error(`sign-in failed: ${JSON.stringify(signIn)}`);
  const bootstrap = await workerMeasure(ext, "sidetext:bootstrap");
  const serverStart = performance.now();
  const boot = await server.call("GET", "/v1/bootstrap", { token: admin });
  const serverMs = performance.now() - serverStart;

  // The floor: the same rows, one bare IndexedDB transaction, in the same worker.
  const floor = await ext.worker.evaluate(
    async (rows) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(`floor-${Date.now()}`, 1);
        open.onupgradeneeded = () => {
          open.result.createObjectStore("conversations", { keyPath: "id" });
          open.result.createObjectStore("contacts", { keyPath: "id" });
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const start = performance.now();
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(["conversations", "contacts"], "readwrite");
        for (const c of rows.conversations) tx.objectStore("conversations").put(c);
        for (const c of rows.contacts) tx.objectStore("contacts").put(c);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      return performance.now() - start;
    },
    { conversations: boot.body.conversations, contacts: boot.body.contacts },
  );

  step("bootstrap measured");
  // Catch-up: the browser is closed (worker gone), 1,000 events happen, the browser comes back.
  await waitFor("live", () => page.locator('[data-testid="connection-state"][data-state="live"]').count(), 15_000);
  step("live; closing the browser");
  await ext.close();
  step("closed; making events");
  const head = async (): Promise<number> => (await server.call("GET", "/v1/bootstrap?limit=1", { token: admin })).body.cursor;
  const before = await head();
  const convs = boot.body.conversations;
  // Each PATCH flips a status (open → pending → open …), so each one is an event.
  for (let i = 0; (await head()) - before < CATCH_UP_EVENTS; i++) {
    const round = Math.floor(i / convs.length);
    await server.call("PATCH", `/v1/conversations/${convs[i % convs.length].id}`, { token: admin, json: { status: round % 2 ? "open" : "pending" } });
  }
  step("relaunching after 1,000 events");
  ext = await launchExtension({ profileDir });
  const catchUp = await waitFor("catch-up measured", () => workerMeasure(ext, "sidetext:catch-up"), 30_000);

  step("catch-up measured");
  // Event → port subscriber, in an extension page over the real runtime.Port.
  const view = await ext.openPage("options.html");
  await view.evaluate(() => {
    const w = window as any;
    w.arrivals = [];
    const port = chrome.runtime.connect({ name: "sidetext" });
    port.onMessage.addListener(
      (f: any) => f.type === "snapshot" && w.arrivals.push({ at: performance.timeOrigin + performance.now(), preview: f.data.conversations[0]?.preview }),
    );
    port.postMessage({ type: "subscribe", id: "inbox", topic: { type: "inbox", filter: { limit: 50 } } });
  });
  await waitFor("socket live", () => view.locator('[data-testid="connection-state"][data-state="live"]').count(), 15_000);
  const latencies: number[] = [];
  const applied: number[] = [];
  const sent: number[] = [];
  const compute: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const body = `Latency probe ${i}`;
    await server.call("POST", "/v1/simulator/inbound", { token: admin, json: { inboxId, from: "+12125559999", body } });
    const arrival = await waitFor("snapshot", () => view.evaluate((b) => (window as any).arrivals.find((a: any) => a.preview === b)?.at, body), 5000, 2);
    const marks = await ext.worker.evaluate(() =>
      Object.fromEntries(
        ["sidetext:frame-received", "sidetext:frame-applied", "sidetext:snapshot-sent"].map((n) => [
          n,
          performance.timeOrigin + (performance.getEntriesByName(n).at(-1)?.startTime ?? NaN),
        ]),
      ),
    );
    const received = marks["sidetext:frame-received"];
    latencies.push(arrival - received);
    compute.push(await ext.worker.evaluate(() => (performance.getEntriesByName("sidetext:snapshot-compute:inbox").at(-1) as PerformanceMeasure).duration));
    applied.push(marks["sidetext:frame-applied"] - received);
    sent.push(marks["sidetext:snapshot-sent"] - received);
  }
  await ext.close();
  fs.rmSync(profileDir, { recursive: true, force: true });
  await server.close();

  console.log(`\n## Extension sync (issue 3) — Chromium ${process.env.CHROMIUM_VERSION ?? ""}`.trimEnd());
  console.log(`| step | measured | target |\n|---|---|---|`);
  console.log(
    `| cold bootstrap, ${bootstrap?.detail?.conversations} conversations + contacts (worker: fetch, parse, chunked Dexie writes) | ${ms(bootstrap!.duration)} | ≤ 3 s |`,
  );
  console.log(`| … of which the server's /v1/bootstrap answer (Node fetch, same payload) | ${ms(serverMs)} | |`);
  console.log(`| … floor: bare IndexedDB put of the same ${convs.length} + ${boot.body.contacts.length} rows, one transaction | ${ms(floor)} | |`);
  console.log(`| sign-in command round trip (login + bootstrap), from the options page | ${ms(signInMs)} | |`);
  console.log(`| catch-up of ${catchUp.detail?.events} events after a restart (/v1/sync pages of 1,000) | ${ms(catchUp.duration)} | ≤ 1 s |`);
  console.log(
    `| stream frame reaches worker → port subscriber has the snapshot (p50 / p95 / max of ${LATENCY_SAMPLES}) | ${ms(pct(latencies, 0.5))} / ${ms(pct(latencies, 0.95))} / ${ms(Math.max(...latencies))} | ≤ 50 ms |`,
  );
  console.log(`| … of which: events written to IndexedDB (p50 / p95) | ${ms(pct(applied, 0.5))} / ${ms(pct(applied, 0.95))} | |`);
  console.log(`| … until the snapshot was posted (p50 / p95) | ${ms(pct(sent, 0.5))} / ${ms(pct(sent, 0.95))} | |`);
  console.log(`| … computing the inbox snapshot (limit 50) alone (p50 / p95) | ${ms(pct(compute, 0.5))} / ${ms(pct(compute, 0.95))} | |`);
}

await main();
