// "Logged to HubSpot ✓" in real Chromium: the workspace is connected to a strict local HubSpot fake, a rep
// replies from the CRM panel on Maria Garcia's HubSpot record, and the panel shows the reply logged once the
// fake HubSpot accepted its Communication (the panel asks the server through the worker, polling while open).
// Then the rep tags the contact in the panel's header (hook contact-tags).
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasChromium, launchExtension, type LaunchedExtension } from "../support/browser";
import { fixturePage, startCrmHost, type CrmHost } from "../support/crm-host";
import { serverWithTexts } from "../support/demo-texts";
import { startFakeHubspot, type FakeHubspot } from "../support/fakes/hubspot";
import { panelOf } from "../support/our-ui";
import type { TestServer } from "../support/server";

// Jane Doe's number becomes Maria Garcia's (seeded, with a thread in the Main line).
const record = fixturePage("hubspot/contact-one-phone.html", (html) => html.replaceAll("415-555-0132", "415-555-0123").replaceAll("4155550132", "4155550123"));

describe.skipIf(!hasChromium())("CRM log status in the panel", () => {
  let server: TestServer;
  let hub: FakeHubspot;
  let crm: CrmHost;
  let ext: LaunchedExtension;
  let tab: Page;
  let panel: Frame;

  beforeAll(async () => {
    ensureBuilt();
    hub = await startFakeHubspot();
    hub.contacts.push({ id: "601", properties: { firstname: "Maria", lastname: "Garcia", phone: "(415) 555-0123" } });
    ({ server } = await serverWithTexts());
    const admin = await server.login("admin@demo.test");
    const connected = await server.call("POST", "/v1/integrations/crm", {
      token: admin,
      json: { provider: "hubspot", apiBase: hub.url, credentials: { accessToken: hub.token } },
    });
    expect(connected.status).toBe(201);
    crm = await startCrmHost([record]);
    ext = await launchExtension({ viewport: { width: 1280, height: 800 }, args: crm.chromiumArgs });
    await ext.signIn(server.url);
    tab = await ext.context.newPage();
    await tab.goto(record.url);
    panel = await panelOf(tab);
    await panel.getByTestId("thread").waitFor({ timeout: 15_000 });
  }, 600_000);
  afterAll(async () => {
    await ext?.close();
    await crm?.close();
    await server?.close();
    await hub?.close();
  });

  it("shows 'Logged to HubSpot ✓' under a reply once HubSpot accepted it", async () => {
    const composer = panel.getByTestId("composer");
    await composer.click();
    await composer.fill("Your estimate is attached to your HubSpot record");
    await composer.press("Enter");
    const sent = panel.getByTestId("message").filter({ hasText: "Your estimate is attached" });
    const status = sent.getByTestId("crm-log-status");
    await expect.poll(() => status.innerText().catch(() => ""), { timeout: 15_000 }).toBe("Logged to HubSpot ✓");
    // It says so because HubSpot has it: one SMS Communication with that body, on Maria's contact.
    const logged = [...hub.communications.values()].filter((c) => c.properties.hs_communication_body?.includes("Your estimate is attached"));
    expect(logged).toHaveLength(1);
    expect(logged[0]?.associations).toContainEqual({ id: "601", typeId: 81 });
    await tab.screenshot({ path: "/tmp/sidetext-crm-log-status.png" });
  }, 60_000);

  it("tags the contact from the panel header: the chip shows and the server has the tag", async () => {
    const tags = panel.getByTestId("contact-tags");
    await tags.getByTestId("add-tag").click();
    await tags.getByRole("textbox").fill("Spring cleanup");
    await tags.getByRole("textbox").press("Enter");
    await expect.poll(() => tags.getByTestId("contact-tag").allInnerTexts(), { timeout: 5_000 }).toEqual([expect.stringMatching(/^spring cleanup\s*×$/)]);
    const token = await server.login("alice@demo.test");
    const lookup = await server.call("GET", `/v1/lookup?phone=${encodeURIComponent("+14155550123")}`, { token });
    expect(lookup.body.contact.tags).toEqual(["spring cleanup"]);
    await tab.screenshot({ path: "/tmp/sidetext-contact-tags.png" });
  });
});
