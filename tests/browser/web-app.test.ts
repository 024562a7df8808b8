// The web app in real Chromium (no extension) against the real server, which serves web/dist at /.
// One phone-sized page (390×844) serves the suite, as a rep keeps the app open.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium } from "../support/browser";
import { startServer, type TestServer } from "../support/server";
import { ensureWebBuilt, launchWebApp, PHONE, signInOnWeb, type WebApp } from "../support/web-app";

const count = (page: Page, view: string) => page.getByTestId(`view-${view}`).getByTestId("count").textContent();
const rowNames = (page: Page) => page.locator("[data-testid=conversation-row] .st-row-name").allTextContents();
/** The list, from wherever an earlier test (or a failed first try of this one) left the page. */
async function toTheList(page: Page) {
  await page.evaluate(() => (location.hash = "#/"));
  await page.getByTestId("conversation-row").first().waitFor();
}

/** The build may wait behind another build on its lock, and Chromium starts slowly on a busy machine. */
const BUILD_AND_START_MS = 300_000;

// Generous per-test time: a cold Chromium and the first sign-in take long on a busy machine.
describe.skipIf(!hasChromium())("web app in Chromium", { retry: 1, timeout: 60_000 }, () => {
  let server: TestServer;
  let web: WebApp;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    web = await launchWebApp({ viewport: PHONE, isMobile: true });
    page = web.page;
  }, BUILD_AND_START_MS);
  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  it("signs in on / with its own sign-in screen", async () => {
    await page.goto(`${server.url}/`);
    await page.getByTestId("web-sign-in").waitFor();
    await page.getByLabel("Email").fill("alice@demo.test");
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Wrong email or password");
    await page.screenshot({ path: "/tmp/sidetext-web-sign-in.png" });
    await signInOnWeb(page, server.url, "alice@demo.test");
    expect(await page.getByTestId("web-sign-in").count()).toBe(0);
  });

  it("shows the demo conversations in Mine / Unassigned / All with the server's counts", async () => {
    const token = await server.login("alice@demo.test");
    const open = (await server.call("GET", "/v1/conversations?status=open&limit=100", { token })).body.conversations as Array<{ assigneeId: string | null }>;
    const me = (await server.call("GET", "/v1/me", { token })).body.user;
    // Each view's count is refreshed on its own and the rows come in another snapshot: none of these reads waits.
    await expect.poll(() => count(page, "all")).toBe(String(open.length));
    await expect.poll(() => count(page, "mine"), { timeout: 10_000 }).toBe(String(open.filter((c) => c.assigneeId === me.id).length));
    await expect.poll(() => count(page, "unassigned"), { timeout: 10_000 }).toBe(String(open.filter((c) => c.assigneeId === null).length));
    // The demo's own threads, newest first (the demo's locations add older ones below them).
    await expect.poll(async () => (await rowNames(page)).slice(0, 3), { timeout: 10_000 }).toEqual(["Maria Garcia", "Ava Thompson", "Liam Anderson"]);
    await page.screenshot({ path: "/tmp/sidetext-web-list-390.png" });
  });

  let tries = 0;
  it("opens a thread, replies, sees it delivered, and the server sent it once", async () => {
    await toTheList(page);
    // Its own words each try: a retry must not count the first try's reply as a second send.
    const reply = `Hi Maria, the quote is on its way (${++tries}).`;
    await page.getByTestId("conversation-row").filter({ hasText: "Maria Garcia" }).click();
    // page.url() follows in-document navigations by events that may come after the click returns.
    await expect.poll(() => page.url()).toMatch(/#\/c\/[^/]+$/);
    await page.getByTestId("composer").fill(reply);
    await page.getByTestId("send").click();
    const sent = page.getByTestId("message").filter({ hasText: reply });
    await expect.poll(() => sent.getAttribute("data-status"), { timeout: 10_000 }).toBe("delivered");
    await page.screenshot({ path: "/tmp/sidetext-web-thread-390.png" });
    const token = await server.login("alice@demo.test");
    const id = decodeURIComponent(page.url().split("#/c/")[1]);
    const messages = (await server.call("GET", `/v1/conversations/${id}/messages?limit=100`, { token })).body.messages as Array<{ body?: string }>;
    expect(messages.filter((m) => m.body === reply)).toHaveLength(1);
    // On a phone the thread has the whole screen; Back returns to the list.
    expect(await page.locator(".web-list").isVisible()).toBe(false);
    await page.getByRole("button", { name: /Back to the list/ }).click();
    await page.getByTestId("conversation-row").first().waitFor();
    await expect.poll(() => page.url()).not.toContain("#/c/");
  });

  it("opens a thread straight from its link (#/c/<id>), as a notification click does", async () => {
    const token = await server.login("alice@demo.test");
    const all = (await server.call("GET", "/v1/conversations?status=open&limit=100", { token })).body.conversations as Array<{ id: string; contactId: string }>;
    const target = all[all.length - 1];
    await page.goto(`${server.url}/#/c/${encodeURIComponent(target.id)}`);
    await page.getByTestId("thread").waitFor();
    await expect.poll(() => page.getByTestId("composer").isVisible()).toBe(true); // isVisible does not wait
    // The composer's templates, as in the panel: "/" lists the workspace's templates.
    await page.getByTestId("composer").pressSequentially("/");
    await page.getByTestId("template-option").first().waitFor();
    expect(await page.getByTestId("template-option").count()).toBeGreaterThan(0);
    await page.getByTestId("composer").press("Escape");
    await page.getByTestId("composer").fill("");
  });

  let liveTries = 0;
  it("shows a customer's new text live over the stream, without a reload", async () => {
    await toTheList(page);
    await page.getByTestId("view-unassigned").click();
    await page.evaluate(() => Object.assign(window, { __samePage: true }));
    const token = await server.login("alice@demo.test");
    const inboxId = (await server.call("GET", "/v1/me", { token })).body.inboxes.find((i: { name: string }) => i.name === "Main line").id;
    const body = `Live from the stream (${++liveTries})`; // a retry must not find the first try's text
    await server.call("POST", "/v1/simulator/inbound", { token, json: { inboxId, from: "(646) 555-0177", body } });
    await page.getByTestId("conversation-row").filter({ hasText: body }).waitFor({ timeout: 5000 });
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
  });

  it("shows the admin console link to owners only, and signs out to the sign-in screen", async () => {
    expect(await page.getByTestId("admin-nav").count()).toBe(0); // alice is an agent
    await page.getByTestId("sign-out").click();
    await page.getByTestId("web-sign-in").waitFor();
    await signInOnWeb(page, server.url, "admin@demo.test");
    await page.getByTestId("admin-nav").click();
    await expect.poll(() => page.url()).toContain("#/admin");
    await page.getByTestId("admin-console").waitFor();
  });
});
