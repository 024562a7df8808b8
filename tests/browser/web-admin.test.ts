// The admin console in real Chromium against the real server (which serves the web app at /): an owner
// creates a Twilio inbox with the credentials typed once, copies its webhook URL, and those two work
// against a Twilio stand-in (a signed inbound on the copied URL is taken; a reply authenticates with the
// typed credentials); the owner makes a template in the editor; an agent has no console at all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { useCarrierEndpoints } from "../../server/carriers/connected-carriers";
import { hasChromium } from "../support/browser";
import { startServer, waitFor, type TestServer } from "../support/server";
import { ensureWebBuilt, launchWebApp, PHONE, signInOnWeb, type WebApp } from "../support/web-app";
import { LocalRequestClient, startFakeTwilio } from "../server/carriers/fake-twilio";
import { ACCOUNT_SID, AUTH_TOKEN, deliver, inboundParams, signedTwilioPost } from "../server/carriers/twilio-payloads";

const DESKTOP = { width: 1280, height: 800 };
const SHOTS = "/tmp/sidetext-web-admin";

describe.skipIf(!hasChromium())("admin console in Chromium", () => {
  let server: TestServer;
  let twilio: Awaited<ReturnType<typeof startFakeTwilio>>;
  let web: WebApp;
  let page: Page;
  let webhookUrl = "";

  beforeAll(async () => {
    ensureWebBuilt();
    twilio = await startFakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
    server = await startServer();
    useCarrierEndpoints(server.app.ctx, { twilioHttpClient: new LocalRequestClient(twilio.baseUrl) });
    web = await launchWebApp({ viewport: DESKTOP });
    await web.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    page = web.page;
  }, 300_000); // a stale web/dist is rebuilt first (about a minute on a busy machine)
  afterAll(async () => {
    await web?.close();
    await server?.close();
    await twilio?.close();
  });

  const openSection = async (name: string) => {
    await page.getByRole("navigation", { name: "Admin sections" }).getByRole("button", { name }).click();
  };

  it("opens from the admin nav for an owner", async () => {
    await signInOnWeb(page, server.url, "admin@demo.test");
    await page.getByTestId("admin-nav").click();
    await page.getByRole("region", { name: "Admin console" }).waitFor();
    await page.getByTestId("teammates").waitFor();
    expect(await page.getByTestId("teammate").count()).toBe(9); // the demo organisation: Downtown's three and the other locations' six
    await page.screenshot({ path: `${SHOTS}-users-1280.png` });
  });

  it("creates a Twilio inbox: a bad Account SID is refused by the server, then the right one is kept and never shown", async () => {
    await openSection("Inboxes");
    await page.getByRole("button", { name: "New inbox" }).click();
    const form = page.getByTestId("create-inbox");
    await form.getByLabel("Name").fill("Front desk");
    await form.getByLabel("Phone number").fill("(415) 555-0142");
    await form.getByLabel("Carrier").selectOption("twilio");
    await form.getByLabel("Account SID").fill("AC123");
    await form.getByLabel("Auth token").fill(AUTH_TOKEN);
    await form.getByRole("button", { name: "Create inbox" }).click();
    await expect.poll(() => form.getByRole("alert").textContent()).toMatch(/credentials\.accountSid: must be a Twilio Account SID/);
    await form.getByLabel("Account SID").fill(ACCOUNT_SID);
    await form.getByRole("button", { name: "Create inbox" }).click();
    await page.getByTestId("inbox-created").waitFor();
    const card = page.getByTestId("admin-inbox").filter({ hasText: "Front desk" });
    webhookUrl = await card.getByLabel("Webhook URL", { exact: true }).inputValue();
    expect(webhookUrl).toMatch(new RegExp(`^${server.url}/webhooks/twilio/inb_`));
    await card.getByRole("button", { name: "Copy the webhook URL of Front desk" }).click();
    // The page's clipboard write is a promise of its own that the click does not wait for.
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(webhookUrl);
    expect(await page.content()).not.toContain(AUTH_TOKEN);
    await page.screenshot({ path: `${SHOTS}-inboxes-1280.png`, fullPage: true });
  });

  it("the copied webhook URL takes Twilio's signed texts, and a reply authenticates with the typed credentials", async () => {
    const inboxId = webhookUrl.split("/").pop()!;
    const post = signedTwilioPost(webhookUrl, inboundParams({ from: "+14155550177", to: "+14155550142", body: "Is the dentist open Saturday?" }));
    expect((await deliver(server.url, post)).status).toBe(200);
    const token = await server.login("admin@demo.test");
    const list = await server.call("GET", `/v1/conversations?inbox=${inboxId}`, { token });
    const [conversation] = list.body.conversations;
    expect(conversation.preview).toBe("Is the dentist open Saturday?");
    const reply = await server.call("POST", `/v1/conversations/${conversation.id}/messages`, {
      token,
      json: { body: "Yes, 9 to 1.", clientId: "web-admin-1" },
    });
    expect(reply.status).toBe(201);
    const sent = await waitFor("the reply at Twilio", () => twilio.seen.find((r) => r.form.get("Body") === "Yes, 9 to 1."));
    expect(sent.auth).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`);
    expect(sent.form.get("From")).toBe("+14155550142");
  });

  it("makes a template in the editor with a live preview, and the server has it", async () => {
    await openSection("Templates");
    await page.getByRole("button", { name: "New template" }).click();
    const editor = page.getByTestId("template-editor");
    await editor.getByLabel("Name").fill("Saturday hours");
    await editor.getByLabel("Text").fill("Hi ");
    await editor.getByRole("button", { name: "{{contact.firstName}}" }).click();
    await editor.getByLabel("Text").press("End");
    await editor.getByLabel("Text").pressSequentially(", we are open Saturday 9 to 1. {{agent.firstName}}");
    await expect.poll(() => editor.getByTestId("template-preview-text").textContent()).toBe("Hi Jordan, we are open Saturday 9 to 1. Ada");
    expect(await editor.getByTestId("segments").textContent()).toMatch(/1 SMS/);
    await editor.getByLabel("Shortcut (optional)").fill("saturday");
    await page.screenshot({ path: `${SHOTS}-template-editor-1280.png`, fullPage: true });
    await editor.getByRole("button", { name: "Create template" }).click();
    await page.getByTestId("admin-template").filter({ hasText: "Saturday hours" }).waitFor();
    const token = await server.login("admin@demo.test");
    const templates = (await server.call("GET", "/v1/templates", { token })).body.templates as Array<{ name: string; body: string; shortcut: string | null }>;
    expect(templates.find((t) => t.name === "Saturday hours")).toMatchObject({
      body: "Hi {{contact.firstName}}, we are open Saturday 9 to 1. {{agent.firstName}}",
      shortcut: "saturday",
    });
  });

  it("invites a teammate by link; the link opens the join form, and joining signs them in", async () => {
    await openSection("Users");
    const form = page.getByTestId("invite-user");
    await form.getByLabel("Email").fill("dana@demo.test");
    await form.getByLabel("Role").selectOption("agent");
    await form.getByRole("button", { name: "Make invite link" }).click();
    const link = await form.getByLabel("Invite link for dana@demo.test").inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/#/invite/`));
    await form.getByRole("button", { name: "Copy the invite link" }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await page.getByTestId("pending-invite").filter({ hasText: "dana@demo.test" }).waitFor();

    const invitee = await web.context.browser()!.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    try {
      const phone = await invitee.newPage();
      await phone.goto(link);
      const join = phone.getByTestId("accept-invite");
      await join.getByLabel("Your name").fill("Dana Diaz");
      await join.getByLabel("Password", { exact: true }).fill("dana-long-password");
      await join.getByLabel("Password again").fill("dana-long-password");
      await phone.screenshot({ path: `${SHOTS}-join-390.png` });
      await join.getByRole("button", { name: "Join and sign in" }).click();
      await phone.getByTestId("sign-out").waitFor();
      // page.url() follows the page's in-document navigations by events that may come after the DOM change.
      await expect.poll(() => phone.url()).not.toContain("#/invite/");
    } finally {
      await invitee.close();
    }
    const token = await server.login("dana@demo.test", "dana-long-password");
    expect((await server.call("GET", "/v1/me", { token })).body.user).toMatchObject({ name: "Dana Diaz", role: "agent" });
    // One session for the device that joined (the invite's own ended) plus the one just made here.
    expect((await server.call("GET", "/v1/auth/sessions", { token })).body.sessions).toHaveLength(2);
  });

  it("fits phones (390×844 and 360×740) without sideways scrolling in any section", async () => {
    for (const viewport of [PHONE, { width: 360, height: 740 }]) {
      await page.setViewportSize(viewport);
      for (const section of ["Users", "Inboxes", "Templates", "Workspace"]) {
        await openSection(section);
        await page.getByRole("heading", { level: 2, name: section === "Workspace" ? "Workspace settings" : section }).waitFor();
        if (viewport === PHONE) await page.screenshot({ path: `${SHOTS}-${section.toLowerCase()}-390.png` });
        const overflow = await page.getByTestId("admin-console").evaluate((el) => el.scrollWidth - el.clientWidth);
        expect(overflow, `${section} at ${viewport.width} px`).toBeLessThanOrEqual(0);
      }
    }
    await page.setViewportSize(DESKTOP);
  });

  it("has no console for an agent: no nav, no screen at #/admin, and the server refuses its admin calls", async () => {
    await page.goto(`${server.url}/#/`);
    await page.getByTestId("sign-out").click();
    await page.getByTestId("web-sign-in").waitFor();
    await signInOnWeb(page, server.url, "alice@demo.test");
    expect(await page.getByTestId("admin-nav").count()).toBe(0);
    await page.goto(`${server.url}/#/admin`);
    await page.getByText("Only owners and admins manage the workspace").waitFor();
    expect(await page.getByTestId("admin-console").count()).toBe(0);
    const token = await server.login("alice@demo.test");
    for (const path of ["/v1/admin/inboxes", "/v1/admin/users", "/v1/invites"]) {
      expect((await server.call("GET", path, { token })).status, path).toBe(403);
    }
  });
});
