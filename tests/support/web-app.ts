// Real Chromium (no extension) on the web app the real server serves at /, for browser tests and benchmarks.
//   ensureWebBuilt();                                  // web/dist, rebuilt when older than web/ or src/
//   const web = await launchWebApp({ viewport: PHONE });  web.context, web.page, web.close()
//   await signInOnWeb(web.page, server.url, "alice@demo.test");
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM, ROOT } from "./browser";

export const PHONE = { width: 390, height: 844 };

/** Builds web/dist once when missing or older than its sources; concurrent callers queue on the build lock. */
export function ensureWebBuilt(): void {
  const lock = path.join(os.tmpdir(), "sidetext-extension-build.lock");
  const res = spawnSync("flock", [lock, "node", path.join(ROOT, "scripts/build-if-stale.mjs"), "web"], { cwd: ROOT, encoding: "utf8", timeout: 5 * 60_000 });
  if (res.status !== 0) throw new Error(`building the web app failed:\n${res.stdout}\n${res.stderr}`);
}

export interface WebApp {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A fresh on-disk profile (not incognito: an app installs, and IndexedDB lives on disk, only in a real profile). */
export async function launchWebApp(options: { viewport?: { width: number; height: number }; isMobile?: boolean } = {}): Promise<WebApp> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-web-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false, // the new headless mode is passed below
    viewport: options.viewport ?? { width: 1200, height: 800 },
    isMobile: options.isMobile,
    hasTouch: options.isMobile,
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in on the app's own sign-in screen, as a rep would, and waits for the inbox. */
export async function signInOnWeb(page: Page, serverUrl: string, email = "alice@demo.test"): Promise<void> {
  await page.goto(`${serverUrl}/`);
  const form = page.getByTestId("web-sign-in");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill("sidetext-demo");
  await form.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("sign-out").waitFor();
}
