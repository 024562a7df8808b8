// The CRM side panel on every CRM, in real Chromium: each CRM's one-phone record fixture is served over HTTPS
// on 127.0.0.1 under the CRM's real host name (tests/support/crm-host.ts), so the manifest's real match
// patterns pick the content script. Each record gets its own number; a simulated inbound from it must show
// in that record's panel, and on Salesforce an SPA move to another record switches the thread.
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasChromium, launchExtension, type LaunchedExtension } from "../support/browser";
import { fixturePage, startCrmHost, type CrmHost } from "../support/crm-host";
import { panelOf } from "../support/our-ui";
import { startServer, type TestServer } from "../support/server";

/** The fixtures' number (415) 555-0132, in every spelling they use, becomes (415) 555-<last>. */
const withNumber = (last: string) => (html: string) => html.replaceAll("555-0132", `555-${last}`).replaceAll("5550132", `555${last}`);

const CRMS = [
  { crm: "Salesforce", file: "salesforce/contact-one-phone.html", last: "0141" },
  { crm: "HubSpot", file: "hubspot/contact-one-phone.html", last: "0142" },
  { crm: "Pipedrive", file: "pipedrive/person-one-phone.html", last: "0143" },
  { crm: "Zoho", file: "zoho/contact-one-phone.html", last: "0144" },
  { crm: "Close", file: "close/lead-one-phone.html", last: "0145" },
].map((c) => ({ ...c, page: fixturePage(c.file, withNumber(c.last)), from: `+1415555${c.last}`, text: `Hello from the ${c.crm} record` }));

// The SPA target: another Salesforce contact (the several-phones record's address) with the one-phone markup and a fifth number.
const NEXT = {
  url: fixturePage("salesforce/contact-several-phones.html").url,
  html: fixturePage("salesforce/contact-one-phone.html", withNumber("0146")).html,
};
const NEXT_FROM = "+14155550146";
const NEXT_TEXT = "Hello from the next Salesforce record";
const bodyOf = (html: string) => /<body[^>]*>([\s\S]*)<\/body>/.exec(html)![1];

describe.skipIf(!hasChromium())("CRM panel on every CRM, at the CRMs' real host names", () => {
  let server: TestServer;
  let crm: CrmHost;
  let ext: LaunchedExtension;
  let token: string;
  let mainInboxId: string;

  beforeAll(async () => {
    ensureBuilt();
    server = await startServer();
    token = await server.login("alice@demo.test");
    mainInboxId = (await server.call("GET", "/v1/me", { token })).body.inboxes.find((i: { name: string }) => i.name === "Main line").id;
    crm = await startCrmHost([...CRMS.map((c) => c.page), NEXT]);
    ext = await launchExtension({ viewport: { width: 1280, height: 800 }, args: crm.chromiumArgs });
    await ext.signIn(server.url);
  }, 600_000);
  afterAll(async () => {
    await ext?.close();
    await crm?.close();
    await server?.close();
  });

  const inbound = async (from: string, body: string) => {
    const res = await server.call("POST", "/v1/simulator/inbound", { token, json: { inboxId: mainInboxId, from, body } });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  };

  async function openRecord(url: string): Promise<{ tab: Page; panel: Frame }> {
    const tab = await ext.context.newPage();
    await tab.goto(url);
    const panel = await panelOf(tab); // its host's shadow root is closed: found by URL
    await panel.getByTestId("thread").waitFor({ timeout: 10_000 });
    return { tab, panel };
  }

  it.each(CRMS)("$crm: the panel shows the thread of the record's number", async ({ page, from, text }) => {
    await inbound(from, text);
    const { tab, panel } = await openRecord(page.url);
    expect(tab.url()).toBe(page.url);
    expect(crm.served).toContain(page.url);
    await panel.getByTestId("message").filter({ hasText: text }).waitFor({ timeout: 5_000 });
    // Only this number's thread: no other record's message.
    const thread = await panel.getByTestId("thread").innerText();
    for (const other of CRMS) if (other.text !== text) expect(thread).not.toContain(other.text);
    await tab.close();
  });

  it("Salesforce: SPA navigation to another record switches to its thread and drops the previous one", async () => {
    const first = CRMS[0];
    await inbound(NEXT_FROM, NEXT_TEXT);
    const { tab, panel } = await openRecord(first.page.url);
    await panel.getByTestId("message").filter({ hasText: first.text }).waitFor({ timeout: 5_000 });
    await tab.evaluate(
      ([url, body]) => {
        history.pushState({}, "", url);
        setTimeout(() => {
          const app = document.querySelector(".mainContentMark")!;
          app.replaceWith(new DOMParser().parseFromString(body, "text/html").querySelector(".mainContentMark")!);
        }, 300);
      },
      [NEXT.url, bodyOf(NEXT.html)] as const,
    );
    // Every snapshot of the thread until the next record's shows: never both records' messages at once.
    const seen: string[] = [];
    await expect
      .poll(
        async () => {
          const text = await panel
            .getByTestId("thread")
            .innerText()
            .catch(() => "");
          seen.push(text);
          return text.includes(NEXT_TEXT);
        },
        { timeout: 5_000, interval: 50 },
      )
      .toBe(true);
    expect(seen.filter((text) => text.includes(NEXT_TEXT) && text.includes(first.text))).toEqual([]);
    await tab.waitForTimeout(300);
    expect(await panel.getByTestId("thread").innerText()).not.toContain(first.text);
    await tab.close();
  });
});
