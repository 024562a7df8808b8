// Issue 18's admin console in real Chromium against the real server (demo seed: Bay Area with Downtown and
// Uptown, the Airport in no region; otto an organisation admin, ari the Airport's location admin): HQ adds a
// region and a location, renames and moves locations, makes an agent a location admin, writes a brand
// template pushed everywhere; the Airport's admin fills its slots and turns a pack rule off, and HQ sees both.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium } from "../support/browser";
import { startServer, type TestServer } from "../support/server";
import { ensureWebBuilt, launchWebApp, PHONE, signInOnWeb, type WebApp } from "../support/web-app";

const DESKTOP = { width: 1280, height: 900 };
const SHOTS = process.env.SIDETEXT_SHOTS ?? "/tmp/sidetext-admin-locations";

describe.skipIf(!hasChromium())("locations, brand templates and rule packs in the admin console", () => {
  let server: TestServer;
  let web: WebApp;
  let page: Page;
  let otto = "";
  const openSection = (name: string) => page.getByRole("navigation", { name: "Admin sections" }).getByRole("button", { name, exact: true }).click();
  // by its name's own element: a row's text also holds the other locations' names (its "Move to…" menus)
  const locationRow = (name: string) => page.getByTestId("location").filter({ has: page.getByTestId("location-name").getByText(name, { exact: true }) });
  const locations = async () => (await server.call("GET", "/v1/locations", { token: otto })).body as { regions: any[]; locations: any[] };

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    otto = await server.login("otto@demo.test");
    web = await launchWebApp({ viewport: DESKTOP });
    page = web.page;
  }, 300_000);
  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  it("shows HQ the regions, their locations and each location's inboxes", async () => {
    await signInOnWeb(page, server.url, "otto@demo.test");
    await page.getByTestId("admin-nav").click();
    await openSection("Locations");
    const bay = page.getByTestId("region").filter({ has: page.getByRole("heading", { name: "Bay Area" }) });
    await bay.waitFor();
    expect(await bay.getByTestId("location-name").allTextContents()).toEqual(["Downtown", "Uptown"]);
    const downtown = locationRow("Downtown");
    expect(await downtown.getByTestId("location-inbox-name").allTextContents()).toEqual(["Main line (+14155550100)", "Support line (+14155550111)"]);
    const none = page.getByTestId("region").filter({ has: page.getByRole("heading", { name: "In no region" }) });
    expect(await none.getByTestId("location-name").allTextContents()).toEqual(["Airport"]);
    await page.screenshot({ path: `${SHOTS}/locations-1280.png`, fullPage: true });
  });

  it("adds a region and a location in it, renames it, moves an inbox there and the Airport into the region", async () => {
    await page.getByTestId("new-region").getByLabel("Region name").fill("Peninsula");
    await page.getByTestId("new-region").getByRole("button", { name: "Add region" }).click();
    const peninsula = page.getByTestId("region").filter({ has: page.getByRole("heading", { name: "Peninsula" }) });
    await peninsula.waitFor();
    const form = page.getByTestId("new-location");
    await form.getByLabel("Location name").fill("Palo Alto");
    await form.getByLabel("In region").selectOption({ label: "Peninsula" });
    await form.getByRole("button", { name: "Add location" }).click();
    await peninsula.getByTestId("location-name").filter({ hasText: "Palo Alto" }).waitFor();

    await page.getByRole("button", { name: "Rename Palo Alto" }).click();
    await page.getByLabel("New name for Palo Alto").fill("Palo Alto Center");
    await page.getByLabel("New name for Palo Alto").press("Enter");
    await peninsula.getByTestId("location-name").filter({ hasText: "Palo Alto Center" }).waitFor();

    await page.getByLabel("Move Support line to").selectOption({ label: "Palo Alto Center" });
    await page.getByRole("button", { name: "Move Support line" }).click();
    const paloAlto = locationRow("Palo Alto Center");
    await expect.poll(() => paloAlto.getByTestId("location-inbox-name").allTextContents()).toEqual(["Support line (+14155550111)"]);
    const support = (await server.call("GET", "/v1/admin/inboxes", { token: otto })).body.inboxes.find((i: any) => i.name === "Support line");
    expect(support.locationName).toBe("Palo Alto Center");

    await page.getByLabel("Region of Airport").selectOption({ label: "Peninsula" });
    await expect.poll(() => peninsula.getByTestId("location-name").allTextContents()).toEqual(["Airport", "Palo Alto Center"]);
    const org = await locations();
    const regionId = org.regions.find((r) => r.name === "Peninsula").id;
    expect(org.locations.filter((l) => l.regionId === regionId).map((l) => l.name)).toEqual(["Airport", "Palo Alto Center"]);
  });

  it("a duplicate region name is refused with the server's sentence and adds nothing", async () => {
    const before = (await locations()).regions.length;
    await page.getByTestId("new-region").getByLabel("Region name").fill("Bay Area");
    await page.getByTestId("new-region").getByRole("button", { name: "Add region" }).click();
    await page.getByTestId("new-region").getByRole("alert").waitFor();
    expect((await locations()).regions.length).toBe(before);
  });

  it("makes Uma a location admin of Uptown; the server has the role", async () => {
    const card = page.getByTestId("staff-roles");
    await card.getByLabel("Teammate").selectOption({ label: "Uma Patel (uma@demo.test)" });
    await card.getByTestId("staff-roles-none").waitFor();
    await card.getByLabel("Role to add").selectOption({ label: "Location admin of Uptown" });
    await card.getByRole("button", { name: "Add", exact: true }).click();
    await card.getByTestId("save-staff-roles").click();
    await card.getByRole("status").waitFor();
    const users = (await server.call("GET", "/v1/admin/users", { token: otto })).body.users as { id: string; email: string }[];
    const uma = users.find((u) => u.email === "uma@demo.test")!;
    const uptown = (await locations()).locations.find((l) => l.name === "Uptown").id;
    expect((await server.call("GET", `/v1/users/${uma.id}/staff-roles`, { token: otto })).body.roles).toEqual([{ role: "location_admin", locationId: uptown }]);
    await page.screenshot({ path: `${SHOTS}/staff-roles-1280.png` });
  });

  it("HQ writes a brand template with two editable slots, pushed to every location", async () => {
    await openSection("Brand");
    await page.getByTestId("new-brand-template").click();
    const editor = page.getByTestId("brand-editor");
    await editor.getByLabel("Name").fill("Opening hours");
    await editor.getByLabel("Text").fill("Hi {{contact.firstName}}, we are open {{location.hours}}. {{signoff}}");
    for (const [i, slot] of [
      ["location.hours", "Opening hours", "9 to 5"],
      ["signoff", "Sign-off", "The team"],
    ].entries()) {
      await editor.getByRole("button", { name: "Add a slot" }).click();
      await editor.getByLabel(`Slot ${i + 1} name`).fill(slot[0]!);
      await editor.getByLabel(`Slot ${i + 1} label`).fill(slot[1]!);
      await editor.getByLabel(`Slot ${i + 1} default`).fill(slot[2]!);
    }
    await editor.getByRole("button", { name: "Create and push" }).click();
    const card = page.getByTestId("brand-template").filter({ hasText: "Opening hours" });
    await card.getByTestId("brand-copies").waitFor();
    const copies = await card.getByTestId("brand-copy").locator("th").allTextContents();
    expect(copies.sort()).toEqual(["Airport", "Downtown", "Palo Alto Center", "Uptown"]);
    expect(await card.getByTestId("changed-slots").allTextContents()).toEqual(Array(4).fill("None: HQ's defaults"));
    await page.screenshot({ path: `${SHOTS}/brand-hq-1280.png`, fullPage: true });
  });

  it("gives the Airport's location admin only their sections; they fill the slots and turn an allowed pack rule off", async () => {
    const pack = {
      name: "HQ basics",
      rules: [
        {
          key: "welcome",
          locked: true,
          mayTurnOff: false,
          rule: { name: "Welcome note", trigger: { type: "conversation.created" }, actions: [{ type: "addNote", body: "Greet within 5 minutes" }] },
        },
        {
          key: "thanks",
          locked: true,
          mayTurnOff: true,
          rule: { name: "Thanks note", trigger: { type: "message.inbound", first: false }, actions: [{ type: "addNote", body: "Thanks seen" }] },
        },
      ],
      locationIds: null,
    };
    expect((await server.call("POST", "/v1/rule-packs", { token: otto, json: pack })).status).toBe(201);
    await page.goto(`${server.url}/#/`);
    await page.getByTestId("sign-out").click();
    await page.getByTestId("web-sign-in").waitFor();
    await signInOnWeb(page, server.url, "ari@demo.test");
    await page.getByTestId("admin-nav").click(); // the top bar offers the console to a location admin
    const nav = page.getByRole("navigation", { name: "Admin sections" });
    await nav.waitFor();
    expect(await nav.getByRole("button").allTextContents()).toEqual(["Inboxes", "Brand", "Rule packs"]);
    await nav.getByRole("button", { name: "Brand" }).click();

    const copy = page.getByTestId("location-brand").getByTestId("brand-copy-form").filter({ hasText: "Opening hours" });
    expect(await copy.getByTestId("brand-locked-text").textContent()).toBe("Hi {{contact.firstName}}, we are open Opening hours. Sign-off");
    await copy.getByLabel("Opening hours").fill("6am to midnight");
    await copy.getByRole("button", { name: "Save Opening hours" }).click();
    await expect.poll(() => copy.getByTestId("brand-rendered").textContent()).toBe("Hi {{contact.firstName}}, we are open 6am to midnight. The team");
    await page.screenshot({ path: `${SHOTS}/brand-location-1280.png`, fullPage: true });

    await nav.getByRole("button", { name: "Rule packs" }).click();
    const welcome = page.getByTestId("location-pack-rule").filter({ hasText: "Welcome note" });
    expect(await welcome.getByTestId("pack-rule-enabled").isDisabled()).toBe(true);
    const thanks = page.getByTestId("location-pack-rule").filter({ hasText: "Thanks note" });
    await thanks.getByTestId("pack-rule-enabled").click();
    await expect.poll(() => thanks.textContent()).toMatch(/Off$/);
    await page.screenshot({ path: `${SHOTS}/packs-location-1280.png` });
  });

  it("HQ sees which slots the Airport changed and its pack rule turned off", async () => {
    const brands = (await server.call("GET", "/v1/brand-templates", { token: otto })).body.brandTemplates;
    expect(brands[0].copies.find((c: any) => c.locationName === "Airport").changedSlots).toEqual(["location.hours"]);
    await page.goto(`${server.url}/#/`);
    await page.getByTestId("sign-out").click();
    await page.getByTestId("web-sign-in").waitFor();
    await signInOnWeb(page, server.url, "otto@demo.test");
    await page.goto(`${server.url}/#/admin/brand`);
    const airport = page.getByTestId("brand-copy").filter({ hasText: "Airport" });
    expect(await airport.getByTestId("changed-slots").textContent()).toBe("Opening hours: 6am to midnight");
    await page.getByRole("navigation", { name: "Admin sections" }).getByRole("button", { name: "Rule packs" }).click();
    // evaluateAll does not wait: poll until the drift table has loaded (it comes from its own request).
    const drift = (location: string) =>
      page
        .getByTestId("pack-drift-row")
        .filter({ hasText: location })
        .locator("td")
        .evaluateAll((cells) => cells.map((c) => c.getAttribute("data-drift")));
    await expect.poll(() => drift("Airport"), { timeout: 10_000 }).toEqual(["in_sync", "turned_off"]); // expect.poll gives up after 1 s unless told
    await expect.poll(() => drift("Uptown"), { timeout: 10_000 }).toEqual(["in_sync", "in_sync"]);
    await page.screenshot({ path: `${SHOTS}/packs-hq-1280.png`, fullPage: true });
  });

  it("fits a phone without sideways scrolling in the new sections", async () => {
    await page.setViewportSize(PHONE);
    for (const [section, heading] of [
      ["Locations", "Locations"],
      ["Brand", "Brand templates"],
      ["Rule packs", "Rule packs"],
    ] as const) {
      await openSection(section);
      await page.getByRole("heading", { level: 2, name: heading }).waitFor();
      await page.screenshot({ path: `${SHOTS}/${section.toLowerCase().replace(" ", "-")}-390.png`, fullPage: true });
      const overflow = await page.getByTestId("admin-console").evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow, section).toBeLessThanOrEqual(0);
    }
    await page.setViewportSize(DESKTOP);
  });
});
