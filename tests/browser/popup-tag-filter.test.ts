// The popup's tag filter in real Chromium with the built extension and the real server (demo seed): a contact
// tagged through the API is offered as a tag, picking it lists only that contact's conversations, and a tag no
// one has says so with a way back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasChromium, launchExtension, type LaunchedExtension } from "../support/browser";
import { startServer, type TestServer } from "../support/server";

const SHOTS = process.env.SIDETEXT_SHOTS ?? "/tmp/sidetext-tag-filter";

describe.skipIf(!hasChromium())("tag filter in the popup", () => {
  let server: TestServer;
  let ext: LaunchedExtension;
  let taggedName: string;

  beforeAll(async () => {
    ensureBuilt();
    server = await startServer();
    const token = await server.login("admin@demo.test");
    const { conversations, contacts } = (await server.call("GET", "/v1/conversations?status=open&limit=5", { token })).body;
    const contact = contacts.find((c: { id: string }) => c.id === conversations[0].contactId);
    taggedName = contact.name;
    const res = await server.call("PATCH", `/v1/contacts/${contact.id}/tags`, { token, json: { add: ["VIP"] } });
    expect(res.status).toBe(200);
    ext = await launchExtension({ viewport: { width: 400, height: 580 } });
    await ext.signIn(server.url, "admin@demo.test");
  }, 300_000);
  afterAll(async () => {
    await ext?.close();
    await server?.close();
  });

  it("lists only the tagged contact's conversations, and says when no conversation has a tag", { timeout: 120_000 }, async () => {
    const page = await ext.openPage("popup.html");
    await page.getByTestId("view-all").click();
    await page.getByTestId("conversation-row").first().waitFor();
    const names = () => page.locator("[data-testid=conversation-row] .st-row-name").allInnerTexts();
    await expect.poll(async () => new Set(await names()).size, { timeout: 10_000 }).toBeGreaterThan(1); // the first row may still be Mine's
    await expect
      .poll(() => page.locator("[data-testid=tag-filter-options] option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)))
      .toContain("vip");
    await page.getByTestId("tag-filter").fill("vip");
    await page.getByTestId("tag-filter").press("Enter");
    await expect.poll(async () => [...new Set(await names())]).toEqual([taggedName]);
    await page.screenshot({ path: `${SHOTS}/popup-tag-filter.png` });
    await page.getByTestId("tag-filter-clear").click();
    await page.getByTestId("tag-filter").fill("nobody-has-this");
    await page.getByTestId("tag-filter").press("Enter");
    await page.getByTestId("tag-filter-empty").waitFor();
    expect(await page.getByTestId("tag-filter-empty").innerText()).toContain("No conversation tagged “nobody-has-this”");
    await page.screenshot({ path: `${SHOTS}/popup-tag-filter-empty.png` });
    await page.getByRole("button", { name: "Clear the filter" }).press("Enter");
    await expect.poll(async () => new Set(await names()).size).toBeGreaterThan(1);
    await page.close();
  });
});
