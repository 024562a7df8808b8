// The content script on record pages that differ from our fixtures, in real Chromium with the built extension
// and the real server; each test asserts the thread the panel shows. CRM pages are served over HTTPS at the
// CRMs' real host names (tests/support/crm-host.ts); a custom hash-routed app over HTTP on localhost.
// Our UI is in closed shadow roots: tests reach it the way DevTools does (tests/support/our-ui.ts).
import fs from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasChromium, launchExtension, type LaunchedExtension } from "../support/browser";
import { fixturePage, startCrmHost, startSite, type CrmHost } from "../support/crm-host";
import { boxesInOurUi, clickInOurUi, panelOf } from "../support/our-ui";
import { waitFor, type TestServer } from "../support/server";
import { serverWithTexts } from "../support/demo-texts";
import { framesShowingBoth, sampleEveryFrame } from "../support/frame-samples";
import { screencast, sharesFrame } from "../support/screencast";

const withNumber = (last: string) => (html: string) => html.replaceAll("555-0132", `555-${last}`).replaceAll("5550132", `555${last}`);
const atPath = (page: { url: string; html: string }, from: string, to: string) => ({ url: page.url.replace(from, to), html: page.html });

// What a Salesforce org on native shadow DOM renders: every component's markup inside its own open shadow root.
const INTO_SHADOW_ROOTS = `<script>
for (const el of [...document.querySelectorAll("*")].reverse()) {
  if (!el.localName.includes("-") || el.shadowRoot) continue;
  // Sidetext's own hosts (already in the page when the panel mounts early) have closed roots: shadowRoot is
  // null for the page and attachShadow throws. They are not the CRM's components; skip them, move the rest.
  try {
    el.attachShadow({ mode: "open" }).append(...el.childNodes);
  } catch {}
}
</script></body>`;
const LIGHTNING_SHADOW = atPath(
  fixturePage("salesforce/contact-one-phone.html", (html) => withNumber("0151")(html).replace("</body>", INTO_SHADOW_ROOTS)),
  "0035e00000AbCdEAAV",
  "0035e00000ShAdOWAV",
);
// Another HubSpot release: none of the data-* hooks the site reader looks for.
const HUBSPOT_NO_HOOKS = atPath(
  fixturePage("hubspot/contact-one-phone.html", (html) => withNumber("0152")(html).replace(/ data-[\w-]+="[^"]*"/g, "")),
  "51234",
  "51299",
);
// A page with a fixed app bar across the top and content up to the window's right edge.
const APP_BAR = `<div id="appbar" style="position:fixed;top:0;left:0;right:0;height:36px;background:#0b5cab;color:#fff">Acme</div>
<div id="right-column" style="float:right;width:260px;padding:8px;background:#eef">Right column</div>`;
const HUBSPOT_DOCK = atPath(
  fixturePage("hubspot/contact-one-phone.html", (html) => withNumber("0156")(html).replace(/<body([^>]*)>/, `<body$1>${APP_BAR}`)),
  "51234",
  "51277",
);
const SALESFORCE_HOSTILE = atPath(fixturePage("salesforce/contact-one-phone.html", withNumber("0155")), "0035e00000AbCdEAAV", "0035e00000HoStILAV");

// A custom app that routes by hash; each contact's article has a marker the screencast can see (red bar).
const MARK = "█".repeat(24); // a solid black run in the previous thread's bubble, easy to find in pixels
const HASH_APP = `<!doctype html><html><head><title>Acme CRM</title></head><body style="margin:0;font:14px system-ui">
<style>@keyframes spin { to { transform: rotate(360deg) } } .busy { position: fixed; left: 8px; bottom: 8px; width: 16px; height: 16px; border: 3px solid #999; border-top-color: transparent; border-radius: 50%; animation: spin .6s linear infinite }</style>
<header style="height:40px;background:#333;color:#fff"><h1 style="margin:0;font-size:18px">Acme CRM</h1></header><main id="app"></main>
<div class="busy"></div><!-- a spinner like every CRM has: the compositor draws a new frame at every vsync -->
<script>
const contacts = { 1: { name: "Rosa Diaz", phone: "(415) 555-0153", color: "#ffffff" }, 2: { name: "Sam Okoro", phone: "(415) 555-0154", color: "#e00000" } };
function render() {
  const m = /^#\\/contacts\\/(\\d+)\\/show$/.exec(location.hash);
  const c = m && contacts[m[1]];
  document.getElementById("app").innerHTML = c
    ? '<article><h2>' + c.name + '</h2><div style="height:24px;width:300px;background:' + c.color + '"></div><dl><dt>Mobile</dt><dd>' + c.phone + '</dd></dl></article>'
    : "<p>Contacts</p>";
}
addEventListener("hashchange", render);
render();
</script></body></html>`;

describe.skipIf(!hasChromium())("the open record on pages unlike our fixtures", () => {
  let server: TestServer;
  let crm: CrmHost;
  let site: Awaited<ReturnType<typeof startSite>>;
  let ext: LaunchedExtension;
  let token: string;
  let mainInboxId: string;

  beforeAll(async () => {
    ensureBuilt();
    ({ server, token, mainInboxId } = await serverWithTexts());
    crm = await startCrmHost([LIGHTNING_SHADOW, HUBSPOT_NO_HOOKS, HUBSPOT_DOCK, SALESFORCE_HOSTILE]);
    site = await startSite({ "/app": HASH_APP });
    ext = await launchExtension({ viewport: { width: 1280, height: 800 }, args: crm.chromiumArgs });
    await ext.signIn(server.url);
    // The rep enabled the custom app (localhost is already a host permission): the generic script runs there.
    const file = await ext.worker.evaluate(
      () => chrome.runtime.getManifest().content_scripts!.find((cs) => cs.matches!.includes("https://sidetext.invalid/*"))!.js![0],
    );
    await ext.worker.evaluate(
      (js) => chrome.scripting.registerContentScripts([{ id: "test-hash-app", matches: ["http://localhost/*"], js: [js], runAt: "document_idle" }]),
      file,
    );
    for (const [last, body] of [
      ["0151", "Lightning shadow hello"],
      ["0152", "HubSpot without hooks hello"],
      ["0153", MARK],
      ["0154", "Hello from Sam"],
      ["0155", "Hostile page hello"],
      ["0156", "Docked hello"],
    ]) {
      const res = await server.call("POST", "/v1/simulator/inbound", { token, json: { inboxId: mainInboxId, from: `+1415555${last}`, body } });
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    }
  }, 600_000);
  afterAll(async () => {
    await ext?.close();
    await crm?.close();
    await site?.close();
    await server?.close();
  });

  async function openRecord(url: string, text: string): Promise<Page> {
    const tab = await ext.context.newPage();
    if (process.env.SCREENCAST_DEBUG) {
      const cdp = await tab.context().newCDPSession(tab);
      cdp.on("Runtime.consoleAPICalled", (e) => console.log("console:", JSON.stringify(e.args.map((a) => a.value ?? a.description))));
      cdp.on("Runtime.exceptionThrown", (e) => console.log("exception:", JSON.stringify(e.exceptionDetails.exception?.description ?? e.exceptionDetails.text)));
      await cdp.send("Runtime.enable");
    }
    await tab.goto(url);
    const panel = await panelOf(tab);
    await panel.getByTestId("message").filter({ hasText: text }).waitFor({ timeout: 10_000 });
    return tab;
  }

  it("Lightning record rendered in open shadow roots: the panel shows its number's thread", async () => {
    const tab = await openRecord(LIGHTNING_SHADOW.url, "Lightning shadow hello");
    expect(await tab.evaluate(() => document.body.innerText.includes("555-0151"))).toBe(false); // only inside shadow roots
    await tab.close();
  });

  it("a HubSpot record without the site's data attributes: the fallback layer finds the number", async () => {
    const tab = await openRecord(HUBSPOT_NO_HOOKS.url, "HubSpot without hooks hello");
    expect(await tab.evaluate(() => document.querySelectorAll("[data-selenium-test]").length)).toBe(0);
    await tab.close();
  });

  it("hash navigation: no frame after the switch shows the next contact beside the previous thread", async () => {
    const tab = await openRecord(`${site.origin}/app#/contacts/1/show`, MARK);
    const panel = await panelOf(tab);
    // The app shows the number as plain text (no tel: link): its Text button sits beside the text.
    expect(await tab.evaluate(() => document.querySelectorAll("a[href^='tel:']").length)).toBe(0);
    const [button] = await boxesInOurUi(tab, "data-sidetext-text-button", "button");
    const digits = await tab.evaluate(() => {
      const dd = document.querySelector("dd")!;
      const r = document.createRange();
      r.selectNodeContents(dd.firstChild!);
      return r.getBoundingClientRect().toJSON();
    });
    expect(button.x).toBeGreaterThanOrEqual(digits.right - 1);
    expect(Math.abs(button.y + button.height / 2 - (digits.y + digits.height / 2))).toBeLessThan(10);
    const panelBox = (await (await panel.frameElement()).boundingBox())!;
    let samples!: Awaited<ReturnType<typeof sampleEveryFrame>>;
    // Two samplers over the same switch: every animation frame on both sides (DOM), and the screencast (pixels).
    const frames = await screencast(tab, async () => {
      samples = await sampleEveryFrame(tab, panel, ext.id, { nextSelector: "article div[style*='#e00000']", previousText: MARK }, async () => {
        await tab.waitForTimeout(300);
        await tab.evaluate(() => {
          location.hash = "#/contacts/2/show";
        });
        await panel.getByTestId("message").filter({ hasText: "Hello from Sam" }).waitFor({ timeout: 10_000 });
        await tab.waitForTimeout(300);
      });
    });
    const { pageSamples, panelSamples } = samples;
    // The samplers saw both records: the previous thread before, the next page after, uncovered at the end.
    expect(panelSamples.some((s) => s.previous)).toBe(true);
    expect(pageSamples.filter((p) => p.next && !p.covered).length).toBeGreaterThan(0);
    expect(framesShowingBoth(pageSamples, panelSamples)).toEqual([]);
    // The cover was up in the first page frame that showed the next contact.
    expect(pageSamples.find((p) => p.next)!.covered).toBe(true);

    if (process.env.SCREENCAST_DEBUG) for (const [i, f] of frames.entries()) fs.writeFileSync(`/tmp/sidetext-frame-${i}.jpg`, Buffer.from(f, "base64"));
    const seen = await sharesFrame(ext, frames, panelBox);
    expect(seen.some((f) => f.previousThread && !f.nextRecord)).toBe(true); // the pixel detector works
    expect(seen.filter((f) => f.nextRecord && f.previousThread)).toEqual([]);
    const covered = pageSamples.filter((p) => p.next && p.covered).length;
    console.log(
      `hash switch: ${pageSamples.length} page frames and ${panelSamples.length} panel frames sampled, ${covered} covered frames with the next contact on the page; ${frames.length} screencast frames`,
    );
    await tab.close();
  });

  it("the docked panel's left edge is right of the CRM's rightmost content while open; collapsed gives it back", async () => {
    const tab = await openRecord(HUBSPOT_DOCK.url, "Docked hello");
    const panelLeft = async () => (await (await (await panelOf(tab)).frameElement()).boundingBox())!.x;
    const rightmost = () =>
      tab.evaluate(() => {
        let right = 0;
        for (const el of document.body.querySelectorAll("*")) {
          if (el.closest("sidetext-root, sidetext-text") || !el.checkVisibility()) continue;
          const box = el.getBoundingClientRect();
          if (box.width > 0 && box.height > 0) right = Math.max(right, box.right);
        }
        return right;
      });
    const left = await panelLeft();
    expect(left).toBeLessThan(1280 - 300);
    expect(await rightmost()).toBeLessThanOrEqual(left);
    expect(await tab.evaluate(() => document.getElementById("appbar")!.getBoundingClientRect().right)).toBeLessThanOrEqual(left);
    await clickInOurUi(tab, "data-sidetext-root", "[data-testid=panel-toggle]");
    await expect.poll(rightmost).toBeGreaterThan(left);
    await clickInOurUi(tab, "data-sidetext-root", "[data-testid=panel-toggle]"); // open again for later tests
    await expect.poll(rightmost).toBeLessThanOrEqual(left);
    await tab.close();
  });

  it("the page can't take the panel down, reach into it, or click a Text button for the rep", async () => {
    const tab = await openRecord(SALESFORCE_HOSTILE.url, "Hostile page hello");
    const panelShown = async () => (await (await panelOf(tab)).frameElement()).isVisible();
    const reach = await tab.evaluate(() => {
      document.dispatchEvent(new CustomEvent("sidetext:teardown"));
      const host = document.querySelector("sidetext-root")!;
      const button = document.querySelector("sidetext-text")!;
      let reattached = false;
      try {
        host.attachShadow({ mode: "open" });
        reattached = true;
      } catch {}
      return { hostRoot: host.shadowRoot === null, buttonRoot: button.shadowRoot === null, iframes: document.querySelectorAll("iframe").length, reattached };
    });
    expect(reach).toEqual({ hostRoot: true, buttonRoot: true, iframes: 0, reattached: false });
    await tab.waitForTimeout(300);
    expect(await panelShown()).toBe(true); // the teardown event did nothing
    await (await panelOf(tab)).getByTestId("message").filter({ hasText: "Hostile page hello" }).waitFor({ timeout: 2_000 });

    await clickInOurUi(tab, "data-sidetext-root", "[data-testid=panel-toggle]"); // the rep collapses it
    await expect.poll(panelShown).toBe(false);
    await tab.evaluate(() => {
      for (const host of document.querySelectorAll<HTMLElement>("sidetext-text")) {
        host.click();
        host.dispatchEvent(new MouseEvent("click", { bubbles: true, composed: true }));
      }
    });
    await tab.waitForTimeout(300);
    expect(await panelShown()).toBe(false); // scripted clicks on Text buttons did nothing
    expect((await boxesInOurUi(tab, "data-sidetext-text-button", "button")).length).toBeGreaterThan(0);
    await clickInOurUi(tab, "data-sidetext-text-button", "button"); // the rep's own click opens it
    await expect.poll(panelShown).toBe(true);
    await waitFor("thread after reopening", async () => (await panelOf(tab)).getByTestId("message").filter({ hasText: "Hostile page hello" }).count());
    await tab.close();
  });
});
