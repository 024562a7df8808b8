// A text to a new number in the web app uses the workspace's settings (admin console › Workspace): a number
// typed without a country code is read in the default country, and the opt-out wording is offered for the
// end of the first text; a photo goes with it as an MMS. In the thread, "Mute notifications" is in the header.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatorFetches } from "../../server/carriers/registry";
import { hasChromium, ROOT } from "../support/browser";
import { startServer, type TestServer } from "../support/server";
import { ensureWebBuilt, launchWebApp, PHONE, signInOnWeb, type WebApp } from "../support/web-app";

const PHOTO = path.join(ROOT, "web/public/icons/icon-192.png");
const BUILD_AND_START_MS = 300_000;

describe.skipIf(!hasChromium())("web app: a new text", { timeout: 90_000 }, () => {
  let server: TestServer;
  let web: WebApp;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    const admin = await server.login("admin@demo.test");
    const patched = await server.call("PATCH", "/v1/workspace/settings", { token: admin, json: { defaultCountry: "GB", optOutText: "Text STOP to stop." } });
    expect(patched.status).toBe(200);
    web = await launchWebApp({ viewport: PHONE, isMobile: true });
  }, BUILD_AND_START_MS);
  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  it("reads the number in the workspace's country, ends the first text with its opt-out wording, and sends the photo with it", async () => {
    const { page } = web;
    await signInOnWeb(page, server.url);
    await page.getByTestId("new-message").click();
    await page.getByTestId("new-message-to").fill("020 7946 0018");
    await expect.poll(() => page.locator("#st-to-hint").textContent()).toBe("Texting 020 7946 0018");
    await page.getByTestId("new-message-body").fill("Your quote is ready");
    const optOut = page.getByTestId("add-opt-out");
    expect(await optOut.textContent()).toContain("Text STOP to stop.");
    expect(await optOut.locator("input").isChecked()).toBe(true);
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByTestId("attach-media").click()]);
    await chooser.setFiles(PHOTO);
    await expect.poll(() => page.getByTestId("attachment").getAttribute("data-state")).toBe("ready");
    await page.screenshot({ path: "/tmp/sidetext-web-new-thread-390.png" });
    await page.getByTestId("new-message-send").click();

    await page.waitForURL(/#\/c\//, { timeout: 20_000 });
    const sent = page.getByTestId("message").filter({ hasText: "Your quote is ready" });
    await expect.poll(() => sent.getAttribute("data-status"), { timeout: 15_000 }).toBe("delivered");
    const token = await server.login("alice@demo.test");
    const id = decodeURIComponent(page.url().split("#/c/")[1]);
    const { conversation, contact } = (await server.call("GET", `/v1/conversations/${id}`, { token })).body;
    expect(contact?.phoneNumber ?? conversation.contact?.phoneNumber).toBe("+442079460018");
    const { messages } = (await server.call("GET", `/v1/conversations/${id}/messages?limit=10`, { token })).body as {
      messages: Array<{ body: string; media: Array<{ contentType: string | null; id?: string }> }>;
    };
    expect(messages.map((m) => m.body)).toEqual(["Your quote is ready\n\nText STOP to stop."]);
    expect(messages[0].media).toEqual([expect.objectContaining({ contentType: "image/png", id: expect.any(String) })]);
    const sha256 = createHash("sha256").update(fs.readFileSync(PHOTO)).digest("hex");
    expect(simulatorFetches(server.app.ctx, conversation.inboxId)).toEqual([expect.objectContaining({ status: 200, sha256 })]);
  });

  it("mutes this conversation's notifications from the thread's header", async () => {
    const { page } = web;
    const mute = page.getByTestId("conversation-controls").getByTestId("mute-conversation");
    await expect.poll(() => mute.isEnabled()).toBe(true);
    expect(await mute.getAttribute("aria-pressed")).toBe("false");
    await mute.click();
    await expect.poll(() => mute.getAttribute("aria-pressed")).toBe("true");
    expect(await mute.textContent()).toBe("Unmute notifications");
    await page.screenshot({ path: "/tmp/sidetext-web-thread-mute-390.png" });
    const token = await server.login("alice@demo.test");
    const id = decodeURIComponent(page.url().split("#/c/")[1]);
    expect((await server.call("GET", "/v1/push/mutes", { token })).body.conversationIds).toEqual([id]);
  });
});
