// Real Chromium with the built extension, for browser tests and benchmarks.
//   await ensureBuilt();                       // builds build/chrome-mv3-prod when missing or older than the sources
//   const ext = await launchExtension();       // fresh profile, headless, extension loaded
//   ext.id, ext.worker (the service worker: ext.worker.evaluate(...)), ext.openPage("options.html"), ext.close()
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page, type Worker } from "playwright-core";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const EXTENSION_DIR = path.join(ROOT, "build/chrome-mv3-prod");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Browser tests skip on a developer machine without Chromium, but never in CI: there a missing browser must
 * fail the run, not quietly shrink it.
 */
export const hasChromium = () => {
  if (fs.existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}: .ci/run installs Debian's chromium`);
  return false;
};

/**
 * Builds the extension once when build/chrome-mv3-prod is missing or older than the sources (see
 * scripts/build-if-stale.mjs); concurrent callers queue on one lock and find it fresh.
 */
export function ensureBuilt(): void {
  const lock = path.join(os.tmpdir(), "sidetext-extension-build.lock");
  const res = spawnSync("flock", [lock, "node", path.join(ROOT, "scripts/build-if-stale.mjs")], { cwd: ROOT, encoding: "utf8", timeout: 10 * 60_000 });
  if (res.status !== 0) throw new Error(`building the extension failed:\n${res.stdout}\n${res.stderr}`);
}

export interface LaunchedExtension {
  context: BrowserContext;
  id: string;
  worker: Worker;
  openPage(pathAndHash: string): Promise<Page>;
  /** Signs the extension in (from its options page, as a rep would) to `serverUrl`; throws on failure. */
  signIn(serverUrl: string, email?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * `profileDir` reuses a profile (and its IndexedDB) across launches; it is then kept on close. `args` are
 * added to Chromium's command line (e.g. startCrmHost's host-resolver rules, tests/support/crm-host.ts).
 */
export async function launchExtension(
  options: { viewport?: { width: number; height: number }; profileDir?: string; args?: string[] } = {},
): Promise<LaunchedExtension> {
  const profile = options.profileDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false, // the new headless mode is passed below; it runs extensions
    viewport: options.viewport ?? { width: 900, height: 800 },
    args: [
      "--headless=new",
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...(options.args ?? []),
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  const id = new URL(worker.url()).host;
  const openPage = async (pathAndHash: string) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/${pathAndHash}`);
    return page;
  };
  return {
    context,
    id,
    worker,
    openPage,
    async signIn(serverUrl, email = "alice@demo.test") {
      const page = await openPage("options.html");
      const res = await page.evaluate((cmd: object) => chrome.runtime.sendMessage(cmd) as Promise<{ ok: boolean }>, {
        type: "auth.signIn",
        serverUrl,
        email,
        password: "sidetext-demo",
      });
      await page.close();
      if (!res?.ok) throw new Error(`signing the extension in as ${email} failed: ${JSON.stringify(res)}`);
    },
    async close() {
      await context.close();
      if (!options.profileDir) fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
