// @vitest-environment jsdom
// The web app's screens over an in-memory client: sign-in, the inbox with its counts, opening a thread by
// its hash route, the admin link for owners only, signing out, and the first paint before the worker answers.
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { InboxSnapshot } from "../../../src/protocol/snapshots";
import { ClientProvider, type ViewClient } from "../../../src/ui/common/client-context";
import { writeFirstPage } from "../../../src/ui/common/first-page-cache";
import { WebApp } from "../../../web/App";
import { createFakeClient } from "../../support/fake-view-client";
import { ada, ago, alice, bob, contact, conversation, mainInbox, message, supportInbox, templates, users } from "../../support/ui-fixtures";

const maria = contact("ct_maria", "+14155550123", "Maria Garcia");
const sophie = contact("ct_sophie", "+17185550112", "Sophie Turner");
const ava = contact("ct_ava", "+14045550152", "Ava Thompson");

function seed(me = alice, connection: "live" | "signed_out" = "live") {
  return createFakeClient({
    me: connection === "signed_out" ? null : me,
    connection,
    reason: connection === "signed_out" ? "Not signed in yet." : null,
    users,
    inboxes: [mainInbox, supportInbox],
    templates,
    contacts: Object.fromEntries([maria, sophie, ava].map((c) => [c.id, c])),
    conversations: [
      conversation("cv_maria", maria, { assigneeId: alice.id, lastMessageAt: ago(12), preview: "About 2,000 sq ft" }),
      conversation("cv_sophie", sophie, { assigneeId: null, lastMessageAt: ago(30), preview: "Yes we do, 9am to noon" }),
      conversation("cv_ava", ava, { assigneeId: bob.id, inboxId: supportInbox.id, lastMessageAt: ago(20), preview: "the reset email" }),
    ],
    messages: [message("cv_maria", "inbound", "About 2,000 sq ft, mostly lawn")],
  });
}

const renderApp = (client: ViewClient) =>
  render(
    <ClientProvider client={client}>
      <WebApp />
    </ClientProvider>,
  );
/** The thread is its own chunk: its first import in a test transforms every thread component. */
const LAZY_MS = 15_000;
const count = (view: string) => within(screen.getByTestId(`view-${view}`)).getByTestId("count").textContent;

beforeEach(() => {
  history.replaceState(null, "", "#/");
  localStorage.clear();
});
afterEach(cleanup);

describe("web app", () => {
  it("signs in to the server the page came from and says so when the password is wrong", async () => {
    const fake = seed(alice, "signed_out");
    let attempts = 0;
    fake.update({
      answers: {
        "auth.signIn": () =>
          ++attempts === 1 ? { ok: false, error: { code: "unauthorized", message: "Invalid credentials", status: 401 } } : { ok: true, data: { user: alice } },
      },
    });
    renderApp(fake.client);
    const form = screen.getByTestId("web-sign-in");
    expect(document.activeElement).toBe(within(form).getByLabelText("Email"));
    await userEvent.type(within(form).getByLabelText("Email"), "  alice@demo.test ");
    await userEvent.type(within(form).getByLabelText("Password"), "nope");
    await userEvent.click(within(form).getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveProperty("textContent", "Wrong email or password. Check both and try again.");
    expect(fake.sent.at(-1)).toEqual({ type: "auth.signIn", serverUrl: location.origin, email: "alice@demo.test", password: "nope" });
  });

  it("shows Mine / Unassigned / All with their counts, and no admin link for an agent", async () => {
    renderApp(seed().client);
    await waitFor(() => expect(count("all")).toBe("3"));
    expect([count("mine"), count("unassigned")]).toEqual(["1", "1"]);
    expect(screen.getAllByTestId("conversation-row").map((r) => r.querySelector(".st-row-name")?.textContent)).toEqual(["Maria Garcia"]);
    expect(screen.queryByTestId("admin-nav")).toBeNull();
    expect(screen.getByRole("region", { name: "Conversation" }).textContent).toContain("Pick a conversation");
  });

  it("opens the thread a row names at #/c/<id>, and Esc goes back to the list", async () => {
    renderApp(seed().client);
    await userEvent.click(await screen.findByText("Maria Garcia"));
    expect(location.hash).toBe("#/c/cv_maria");
    expect(await screen.findByTestId("composer", {}, { timeout: LAZY_MS })).toBeTruthy();
    expect(screen.getByText("About 2,000 sq ft, mostly lawn")).toBeTruthy();
    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(location.hash).not.toContain("#/c/"));
  });

  it("opens a thread straight from its link, as a notification click does", async () => {
    history.replaceState(null, "", "#/c/cv_sophie");
    renderApp(seed().client);
    expect(await screen.findByRole("heading", { name: "Sophie Turner" }, { timeout: LAZY_MS })).toBeTruthy();
  });

  it("shows owners the admin link, which opens #/admin", async () => {
    renderApp(seed(ada).client);
    await userEvent.click(await screen.findByTestId("admin-nav"));
    expect(location.hash).toBe("#/admin");
    expect(screen.getByRole("region", { name: "Admin console" })).toBeTruthy();
  });

  it("signs out from the top bar", async () => {
    const fake = seed();
    renderApp(fake.client);
    await userEvent.click(await screen.findByTestId("sign-out"));
    expect(fake.sent.at(-1)).toEqual({ type: "auth.signOut" });
  });

  it("paints the list page saved last time while the worker has not answered yet", async () => {
    const fake = seed();
    const saved: InboxSnapshot = {
      me: alice,
      conversations: fake.state.conversations.filter((c) => c.assigneeId === alice.id),
      contacts: { [maria.id]: maria },
      users,
      inboxes: [mainInbox],
      templates: [],
      outbox: [],
      total: 1,
      needsAttention: 0,
      presence: {},
    };
    writeFirstPage("mine|open|", saved);
    const silent: ViewClient = { useSubscription: () => undefined, send: fake.client.send };
    renderApp(silent);
    expect(screen.getByText("Maria Garcia")).toBeTruthy(); // the first render, no worker
    expect(screen.queryByTestId("web-sign-in")).toBeNull();
  });

  it("waits for the worker, saying so, when nothing was saved", () => {
    renderApp({ useSubscription: () => undefined, send: seed().client.send });
    expect(screen.getByTestId("loading").textContent).toBe("Opening Sidetext…");
  });
});
