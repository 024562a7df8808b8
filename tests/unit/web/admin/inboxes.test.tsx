// @vitest-environment jsdom
// Inboxes: a Twilio inbox created with write-only credentials (sent once, never shown), the webhook URL to
// copy, members added and removed (removing asks first), and the server's refusal shown as it said it.
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { ada, failure, fakeApi, managedInbox, ok, renderConsole, teammate } from "./fake-api";

afterEach(cleanup);
const bob = teammate({ id: "usr_bob", name: "Bob Rivera" });
const users = ok({ users: [teammate({ ...ada }), bob] });
const main = managedInbox({ id: "inb_main", name: "Main line" });
const sid = `AC${"0123456789abcdef".repeat(2)}`;
const authToken = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
const frontDesk = managedInbox({
  id: "inb_front",
  name: "Front desk",
  phoneNumber: "+14155550142",
  carrier: "twilio",
  webhookUrl: "https://inbox.example.com/webhooks/twilio/inb_front",
});

async function fillTwilioForm(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole("button", { name: "New inbox" }));
  const form = screen.getByTestId("create-inbox");
  expect(document.activeElement).toBe(within(form).getByLabelText("Name"));
  await user.type(within(form).getByLabelText("Name"), "Front desk");
  await user.type(within(form).getByLabelText("Phone number"), "(415) 555-0142");
  expect((within(form).getByLabelText("Carrier") as HTMLSelectElement).value).toBe("twilio");
  await user.type(within(form).getByLabelText("Account SID"), sid);
  await user.type(within(form).getByLabelText("Auth token"), authToken);
  expect((within(form).getByLabelText("Auth token") as HTMLInputElement).type).toBe("password");
  return form;
}

describe("inboxes", () => {
  it("creates a Twilio inbox, sends the credentials once, and shows the webhook URL to copy instead", async () => {
    const api = fakeApi({
      "GET /v1/admin/inboxes": [ok({ inboxes: [main] }), ok({ inboxes: [frontDesk, main] })],
      "GET /v1/admin/users": users,
      "POST /v1/inboxes": { status: 201, body: { inbox: { ...frontDesk, webhookUrl: undefined } } },
    });
    renderConsole(api, "#/admin/inboxes");
    const user = userEvent.setup();
    const form = await fillTwilioForm(user);
    await user.click(within(form).getByRole("button", { name: "Create inbox" }));
    expect((await screen.findByTestId("inbox-created")).textContent).toMatch(/Front desk is ready\. Paste its webhook URL/);
    expect(document.activeElement).toBe(screen.getByTestId("inbox-created"));
    expect(api.writes()).toEqual([
      {
        method: "POST",
        path: "/v1/inboxes",
        body: { name: "Front desk", phoneNumber: "(415) 555-0142", carrier: "twilio", credentials: { accountSid: sid, authToken } },
      },
    ]);
    expect(screen.queryByTestId("create-inbox")).toBeNull();
    const card = screen.getAllByTestId("admin-inbox").find((c) => c.textContent?.includes("Front desk"))!;
    expect(within(card).getByText(/Twilio · credentials stored, hidden/)).toBeTruthy();
    expect((within(card).getByLabelText("Webhook URL") as HTMLInputElement).value).toBe("https://inbox.example.com/webhooks/twilio/inb_front");
    await user.click(within(card).getByRole("button", { name: "Copy the webhook URL of Front desk" }));
    expect(await navigator.clipboard.readText()).toBe("https://inbox.example.com/webhooks/twilio/inb_front");
    expect(within(card).getByText("Copied")).toBeTruthy();
    expect(document.body.innerHTML).not.toContain(authToken);
    // The simulator needs no webhook.
    const simCard = screen.getAllByTestId("admin-inbox").find((c) => c.textContent?.includes("Main line"))!;
    expect(within(simCard).queryByLabelText("Webhook URL")).toBeNull();
  });

  it("shows the server's reason when it refuses the credentials, and keeps the form", async () => {
    const api = fakeApi({
      "GET /v1/admin/inboxes": ok({ inboxes: [main] }),
      "GET /v1/admin/users": users,
      "POST /v1/inboxes": failure(400, "validation_failed", "credentials.accountSid: must be a Twilio Account SID (AC followed by 32 hex digits)"),
    });
    renderConsole(api, "#/admin/inboxes");
    const user = userEvent.setup();
    const form = await fillTwilioForm(user);
    await user.click(within(form).getByRole("button", { name: "Create inbox" }));
    expect((await within(form).findByRole("alert")).textContent).toMatch(/credentials\.accountSid: must be a Twilio Account SID/);
    expect(screen.getByTestId("create-inbox")).toBeTruthy();
    expect(screen.queryByTestId("inbox-created")).toBeNull();
  });

  it("asks for Telnyx's key and public key, and sends no credentials for the simulator", async () => {
    const api = fakeApi({
      "GET /v1/admin/inboxes": ok({ inboxes: [] }),
      "GET /v1/admin/users": users,
      "POST /v1/inboxes": { status: 201, body: { inbox: managedInbox({ id: "inb_sim", name: "Try-out" }) } },
    });
    renderConsole(api, "#/admin/inboxes");
    const user = userEvent.setup();
    expect(await screen.findByText("No inboxes yet")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "New inbox" }));
    const form = screen.getByTestId("create-inbox");
    await user.selectOptions(within(form).getByLabelText("Carrier"), "telnyx");
    expect(within(form).getByLabelText("API key")).toBeTruthy();
    expect(within(form).getByLabelText("Public key")).toBeTruthy();
    expect(within(form).getByLabelText("Messaging profile ID (optional)")).toBeTruthy();
    await user.type(within(form).getByLabelText("API key"), "KEY0190_secret");
    await user.selectOptions(within(form).getByLabelText("Carrier"), "simulator");
    expect(within(form).queryByLabelText("API key")).toBeNull();
    await user.type(within(form).getByLabelText("Name"), "Try-out");
    await user.type(within(form).getByLabelText("Phone number"), "+14155550199");
    await user.click(within(form).getByRole("button", { name: "Create inbox" }));
    await waitFor(() =>
      expect(api.writes()).toEqual([{ method: "POST", path: "/v1/inboxes", body: { name: "Try-out", phoneNumber: "+14155550199", carrier: "simulator" } }]),
    );
  });

  it("adds a member, and removes one only after the admin confirms", async () => {
    const withBob = { ...main, memberIds: [ada.id, bob.id] };
    const api = fakeApi({
      "GET /v1/admin/inboxes": [ok({ inboxes: [main] }), ok({ inboxes: [withBob] }), ok({ inboxes: [main] })],
      "GET /v1/admin/users": users,
      "PUT /v1/inboxes/inb_main/members/usr_bob": ok({ inbox: withBob }),
      "DELETE /v1/inboxes/inb_main/members/usr_bob": ok({ inbox: main }),
    });
    renderConsole(api, "#/admin/inboxes");
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText("Add a member to Main line"), "usr_bob");
    await user.click(screen.getByRole("button", { name: "Add" }));
    const members = await screen.findByRole("list", { name: "Members of Main line" });
    await waitFor(() => expect(within(members).getByText(/Bob Rivera/)).toBeTruthy());
    const bobRow = within(members)
      .getByText(/Bob Rivera/)
      .closest("li")!;
    await user.click(within(bobRow).getByRole("button", { name: "Remove" }));
    expect(within(bobRow).getByText("Remove Bob Rivera from Main line? They stop seeing its conversations.")).toBeTruthy();
    expect(api.writes()).toHaveLength(1); // nothing removed yet
    await user.click(within(bobRow).getByRole("button", { name: "Remove" }));
    await waitFor(() => expect(within(members).queryByText(/Bob Rivera/)).toBeNull());
    expect(api.writes()).toEqual([
      { method: "PUT", path: "/v1/inboxes/inb_main/members/usr_bob", body: undefined },
      { method: "DELETE", path: "/v1/inboxes/inb_main/members/usr_bob", body: undefined },
    ]);
    expect(api.unexpected).toEqual([]);
  });

  it("replaces a Twilio inbox's credentials with a PATCH of the new ones only, then clears the fields", async () => {
    const newToken = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    const api = fakeApi({
      "GET /v1/admin/inboxes": ok({ inboxes: [frontDesk] }),
      "GET /v1/admin/users": users,
      "PATCH /v1/inboxes/inb_front": [
        failure(400, "validation_failed", "credentials.authToken: must be the Twilio Auth Token (32 characters)"),
        ok({ inbox: frontDesk }),
      ],
    });
    renderConsole(api, "#/admin/inboxes");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Replace credentials" }));
    const form = screen.getByRole("form", { name: "New credentials for Front desk" });
    await user.type(within(form).getByLabelText("Account SID"), sid);
    await user.type(within(form).getByLabelText("Auth token"), "short");
    await user.click(within(form).getByRole("button", { name: "Save credentials" }));
    expect((await within(form).findByRole("alert")).textContent).toMatch(/credentials\.authToken/);
    await user.clear(within(form).getByLabelText("Auth token"));
    await user.type(within(form).getByLabelText("Auth token"), newToken);
    await user.click(within(form).getByRole("button", { name: "Save credentials" }));
    expect(await screen.findByText("New credentials saved.")).toBeTruthy();
    expect(screen.queryByRole("form", { name: "New credentials for Front desk" })).toBeNull();
    expect(document.body.innerHTML).not.toContain(newToken);
    expect(api.writes()).toEqual([
      { method: "PATCH", path: "/v1/inboxes/inb_front", body: { credentials: { accountSid: sid, authToken: "short" } } },
      { method: "PATCH", path: "/v1/inboxes/inb_front", body: { credentials: { accountSid: sid, authToken: newToken } } },
    ]);
    // Opened again, the form starts empty: nothing typed is kept.
    await user.click(screen.getByRole("button", { name: "Replace credentials" }));
    expect((screen.getByLabelText("Auth token") as HTMLInputElement).value).toBe("");
  });

  it("renames an inbox and changes its HELP answer with a PATCH of what changed", async () => {
    const renamed = { ...main, name: "Main desk" };
    const api = fakeApi({
      "GET /v1/admin/inboxes": [ok({ inboxes: [main] }), ok({ inboxes: [renamed] })],
      "GET /v1/admin/users": users,
      "PATCH /v1/inboxes/inb_main": ok({ inbox: renamed }),
    });
    renderConsole(api, "#/admin/inboxes");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Edit the name and HELP answer of Main line" }));
    const form = screen.getByRole("form", { name: "Details of Main line" });
    expect((within(form).getByLabelText("HELP answer") as HTMLTextAreaElement).value).toBe("Reply STOP to opt out.");
    await user.clear(within(form).getByLabelText("Inbox name"));
    await user.type(within(form).getByLabelText("Inbox name"), "Main desk");
    await user.click(within(form).getByRole("button", { name: "Save details" }));
    expect(await screen.findByRole("heading", { name: "Main desk" })).toBeTruthy();
    expect(api.writes()).toEqual([{ method: "PATCH", path: "/v1/inboxes/inb_main", body: { name: "Main desk" } }]);
  });
});
