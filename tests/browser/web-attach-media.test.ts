// A photo attached in the web app's composer goes out as an MMS: uploaded (POST /v1/media), thumbnailed,
// sent with its media id, fetched by the simulator carrier from the signed URL, and shown in the thread.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatorFetches } from "../../server/carriers/registry";
import { hasChromium, ROOT } from "../support/browser";
import { startServer, type TestServer } from "../support/server";
import { ensureWebBuilt, launchWebApp, PHONE, signInOnWeb, type WebApp } from "../support/web-app";

const PHOTO = path.join(ROOT, "web/public/icons/icon-512.png");

/** The build may wait behind another build on its lock, and Chromium starts slowly on a busy machine. */
const BUILD_AND_START_MS = 300_000;

describe.skipIf(!hasChromium())("web app: attach a photo", { timeout: 60_000 }, () => {
  let server: TestServer;
  let web: WebApp;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    web = await launchWebApp({ viewport: PHONE, isMobile: true });
  }, BUILD_AND_START_MS);
  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  it("uploads the photo, shows its thumbnail, and sends an MMS whose media the carrier fetched", async () => {
    const { page } = web;
    await signInOnWeb(page, server.url);
    await page.getByTestId("conversation-row").filter({ hasText: "Maria Garcia" }).click();
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByTestId("attach-media").click()]);
    await chooser.setFiles(PHOTO);
    const attached = page.getByTestId("attachment");
    await expect.poll(() => attached.getAttribute("data-state")).toBe("ready");
    expect(await attached.locator("img").getAttribute("alt")).toBe("Attached: icon-512.png");
    await page.screenshot({ path: "/tmp/sidetext-web-attach-390.png" });
    await page.getByTestId("composer").fill("Here is the photo of the yard");
    await page.getByTestId("send").click();
    await expect.poll(() => attached.count()).toBe(0); // the composer is empty again

    const sent = page.getByTestId("message").filter({ hasText: "Here is the photo of the yard" });
    await expect.poll(() => sent.getAttribute("data-status"), { timeout: 10_000 }).toBe("delivered");
    const shown = sent.locator("img");
    expect(await shown.getAttribute("alt")).toMatch(/^Photo/);
    await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(512); // the signed link loads in the page
    await page.screenshot({ path: "/tmp/sidetext-web-mms-390.png" });

    const token = await server.login("alice@demo.test");
    const id = decodeURIComponent(page.url().split("#/c/")[1]);
    const conversation = (await server.call("GET", `/v1/conversations/${id}`, { token })).body.conversation;
    const { messages } = (await server.call("GET", `/v1/conversations/${id}/messages?limit=100`, { token })).body as {
      messages: Array<{ body: string; media: Array<{ url: string; contentType: string | null; id?: string }> }>;
    };
    const mms = messages.filter((m) => m.body === "Here is the photo of the yard");
    expect(mms).toHaveLength(1);
    expect(mms[0].media).toEqual([expect.objectContaining({ contentType: "image/png", id: expect.any(String) })]);
    const sha256 = createHash("sha256").update(fs.readFileSync(PHOTO)).digest("hex");
    const fetched = simulatorFetches(server.app.ctx, conversation.inboxId);
    expect(fetched).toEqual([expect.objectContaining({ status: 200, contentType: "image/png", sha256 })]);
    expect(fetched[0].url.startsWith(`${server.url}/media/`)).toBe(true);
  });

  it("says why a file the carriers do not take is refused, and keeps the reply unsent", async () => {
    const { page } = web;
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByTestId("attach-media").click()]);
    await chooser.setFiles({ name: "notes.exe", mimeType: "application/x-msdownload", buffer: Buffer.from("MZ not a photo") });
    const attached = page.getByTestId("attachment");
    await expect.poll(() => attached.getAttribute("data-state")).toBe("failed");
    expect(await attached.getByRole("alert").textContent()).not.toBe("");
    expect(await page.getByTestId("send").isDisabled()).toBe(true); // nothing to send: no text, no uploaded file
    await attached.getByRole("button", { name: "Remove notes.exe" }).click();
    await expect.poll(() => attached.count()).toBe(0); // count() does not wait for the removal to render
  });
});
