// Two reps in two browsers on the web app: each sees the other in the thread (presence over the stream), and
// a reply the teammate sent while one was writing holds that one's send (the collision guard).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium } from "../support/browser";
import { startServer, type TestServer } from "../support/server";
import { ensureWebBuilt, launchWebApp, signInOnWeb, type WebApp } from "../support/web-app";

/** The build may wait behind another build on its lock, and Chromium starts slowly on a busy machine. */
const BUILD_AND_START_MS = 300_000;

describe.skipIf(!hasChromium())("web app: two reps on one thread", { timeout: 60_000 }, () => {
  let server: TestServer;
  let alice: WebApp;
  let bob: WebApp;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    [alice, bob] = await Promise.all([launchWebApp(), launchWebApp()]);
    await signInOnWeb(alice.page, server.url, "alice@demo.test");
    await signInOnWeb(bob.page, server.url, "bob@demo.test");
  }, BUILD_AND_START_MS);
  afterAll(async () => {
    await alice?.close();
    await bob?.close();
    await server?.close();
  });

  it("shows each rep who else is in the thread, and who is typing", async () => {
    await alice.page.getByTestId("conversation-row").filter({ hasText: "Maria Garcia" }).click();
    await bob.page.getByTestId("view-all").click();
    await bob.page.getByTestId("conversation-row").filter({ hasText: "Maria Garcia" }).click();
    await expect.poll(() => bob.page.getByTestId("presence").textContent(), { timeout: 10_000 }).toMatch(/Alice.*viewing/);
    await alice.page.getByTestId("composer").pressSequentially("Let me check");
    await expect.poll(() => bob.page.getByTestId("presence").textContent(), { timeout: 10_000 }).toMatch(/Alice.*typing/);
  });

  it("holds a reply when the teammate answered meanwhile, and sends it on Send anyway", async () => {
    await bob.page.getByTestId("composer").pressSequentially("I can do Saturday");
    await alice.page.getByTestId("composer").fill("Maria, we have Saturday at 10");
    await alice.page.getByTestId("send").click();
    await bob.page.getByTestId("message").filter({ hasText: "we have Saturday at 10" }).waitFor({ timeout: 10_000 });
    await bob.page.getByTestId("send").click();
    await bob.page.getByTestId("collision-warning").waitFor();
    await bob.page.screenshot({ path: "/tmp/sidetext-web-collision.png" });
    await bob.page.getByTestId("send-anyway").click();
    const sent = bob.page.getByTestId("message").filter({ hasText: "I can do Saturday" });
    await expect.poll(() => sent.getAttribute("data-status"), { timeout: 10_000 }).toBe("delivered");
  });
});
