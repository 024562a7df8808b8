// Item 15 of the hardening issue in real Chromium: tabs/panel.html is web-accessible, so a third-party
// iframe inside a CRM tab could frame it. Only the frame our content script mounted (handed the worker's
// one-time token over their private channel, never in an address) shows the thread. A page's frame of the
// extension address is refused by Chromium (use_dynamic_url); the panel page loaded any other way (here:
// opened in a tab, bare or at our panel's own address) gets nothing from the worker: no thread text, no Send.
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasChromium, launchExtension, type LaunchedExtension } from "../support/browser";
import { fixturePage, startCrmHost, type CrmHost } from "../support/crm-host";
import { startServer, waitFor, type TestServer } from "../support/server";

const WIDGET = "https://widgets.thirdparty-chat.example/embed.html";
// Jane Doe's number becomes Maria Garcia's (seeded, with a thread in the Main line); the page embeds a
// third-party widget, as CRM pages embed chat, analytics and marketplace apps.
const record = fixturePage("hubspot/contact-one-phone.html", (html) =>
  html
    .replaceAll("415-555-0132", "415-555-0123")
    .replaceAll("4155550132", "4155550123")
    .replace("</body>", `<iframe id="widget" src="${WIDGET}" style="width:420px;height:500px"></iframe></body>`),
);
const widget = { url: WIDGET, html: "<!doctype html><title>Chat widget</title><body><p>Chat with us</p></body>" };
const THREAD_TEXT = "About 2,000 sq ft";

describe.skipIf(!hasChromium())("the panel framed by someone else", () => {
  let server: TestServer;
  let crm: CrmHost;
  let ext: LaunchedExtension;
  let tab: Page;
  let ours: Frame;
  let conversationId: string;

  beforeAll(async () => {
    ensureBuilt();
    server = await startServer();
    const token = await server.login("alice@demo.test");
    conversationId = (await server.call("GET", "/v1/lookup?phone=%2B14155550123", { token })).body.conversations[0].id;
    crm = await startCrmHost([record, widget]);
    ext = await launchExtension({ viewport: { width: 1280, height: 800 }, args: crm.chromiumArgs });
    await ext.signIn(server.url);
    tab = await ext.context.newPage();
    await tab.goto(record.url);
    await waitFor("our panel frame", () => !!panelFrames().find((f) => f.parentFrame() === tab.mainFrame()), 15_000);
    ours = panelFrames().find((f) => f.parentFrame() === tab.mainFrame())!;
    await ours.getByTestId("thread").waitFor({ timeout: 15_000 });
  }, 600_000);
  afterAll(async () => {
    await ext?.close();
    await crm?.close();
    await server?.close();
  });

  const panelFrames = () => tab.frames().filter((f) => f.url().includes("/tabs/panel.html"));
  const widgetFrame = () => tab.frames().find((f) => f.url() === WIDGET)!;

  /** The widget frames `src` and lets it settle: what that frame shows a rep. */
  async function framedByWidget(src: string): Promise<{ text: string; sends: number; loaded: boolean }> {
    await widgetFrame().evaluate((url) => {
      document.querySelector("#evil")?.remove();
      const frame = Object.assign(document.createElement("iframe"), { id: "evil", src: url });
      frame.style.cssText = "width:400px;height:450px";
      document.body.append(frame);
    }, src);
    await new Promise((r) => setTimeout(r, 1500));
    const evil = tab.frames().find((f) => f.parentFrame() === widgetFrame());
    if (!evil?.url().startsWith("chrome-extension://")) return { text: "", sends: 0, loaded: false };
    const text = await evil
      .locator("body")
      .innerText()
      .catch(() => "");
    const sends = await evil.locator('[data-testid="composer"], [data-testid="send"], button:has-text("Send")').count();
    return { text, sends, loaded: true };
  }

  it("our own panel shows the record's thread", async () => {
    await expect.poll(() => ours.getByTestId("thread").innerText()).toContain(THREAD_TEXT);
    expect(new URL(ours.url()).searchParams.get("token")).toBeNull(); // nothing to copy from its address
  });

  it("a third-party frame in the CRM tab cannot show it: no thread text, no Send", async () => {
    const shown = await framedByWidget(`chrome-extension://${ext.id}/tabs/panel.html`);
    await tab.screenshot({ path: "/tmp/sidetext-panel-framed.png" });
    expect(shown.text).not.toContain(THREAD_TEXT);
    expect(shown.sends).toBe(0);
  });

  /** tabs/panel.html opened by `url` in a tab of its own (the browser, not a page, navigates: it loads). */
  async function openedInATab(url: string): Promise<{ text: string; sends: number; send: unknown }> {
    const page = await ext.context.newPage();
    try {
      await page.goto(url);
      await page.getByTestId("panel-not-ours").or(page.getByTestId("thread")).first().waitFor({ timeout: 10_000 });
      const text = await page.locator("body").innerText();
      await page.screenshot({ path: "/tmp/sidetext-panel-not-ours.png" });
      const sends = await page.locator('[data-testid="composer"], [data-testid="send"]').count();
      // Its script may also try the worker directly: a send from this page is refused.
      const send = await page.evaluate(
        (id) => chrome.runtime.sendMessage({ type: "conversation.send", conversationId: id, body: "clickjacked" }),
        conversationId,
      );
      expect(await ours.getByTestId("thread").innerText()).not.toContain("clickjacked");
      return { text, sends, send };
    } finally {
      await page.close();
    }
  }

  it("the panel page in a tab without a token shows no data and may not send", async () => {
    const shown = await openedInATab(`chrome-extension://${ext.id}/tabs/panel.html`);
    expect(shown.text).toContain("Open Sidetext from the toolbar");
    expect(shown.text).not.toContain(THREAD_TEXT);
    expect(shown.sends).toBe(0);
    expect(shown.send).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("our panel's own address (its channel nonce and all) shows no data either", async () => {
    const shown = await openedInATab(ours.url());
    expect(shown.text).toContain("Open Sidetext from the toolbar");
    expect(shown.text).not.toContain(THREAD_TEXT);
    expect(shown.sends).toBe(0);
    expect(shown.send).toMatchObject({ ok: false, error: { code: "forbidden" } });
    // …and ours still works.
    expect(await ours.getByTestId("thread").innerText()).toContain(THREAD_TEXT);
  });
});
