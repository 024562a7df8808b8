// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientProvider } from "../../../src/ui/common/client-context";
import { PopupApp } from "../../../src/ui/popup/PopupApp";
import { createFakeClient } from "../../support/fake-view-client";
import { ago, alice, bob, contact, conversation, mainInbox, message, supportInbox, templates, users } from "../../support/ui-fixtures";

const maria = contact("ct_maria", "+14155550123", "Maria Garcia");
const james = contact("ct_james", "+12125550134", "James Wilson");
const sophie = contact("ct_sophie", "+17185550112", "Sophie Turner");
const anon = contact("ct_anon", "+13105550187", null);
const ava = contact("ct_ava", "+14045550152", "Ava Thompson");

function seed() {
  return createFakeClient({
    me: alice,
    users,
    inboxes: [mainInbox, supportInbox],
    templates,
    contacts: Object.fromEntries([maria, james, sophie, anon, ava].map((c) => [c.id, c])),
    conversations: [
      conversation("cv_maria", maria, { assigneeId: alice.id, lastMessageAt: ago(12), preview: "About 2,000 sq ft, mostly lawn" }),
      conversation("cv_james", james, { assigneeId: bob.id, status: "pending", lastMessageAt: ago(540), preview: "Our technician will call" }),
      conversation("cv_sophie", sophie, { assigneeId: null, lastMessageAt: ago(295), preview: "Yes we do, 9am to noon", readBy: { [alice.id]: ago(1) } }),
      conversation("cv_anon", anon, { assigneeId: null, lastMessageAt: ago(5), preview: "OK, what time do you close?" }),
      conversation("cv_ava", ava, { assigneeId: alice.id, inboxId: supportInbox.id, lastMessageAt: ago(20), preview: "the reset email never arrives" }),
    ],
    messages: [message("cv_maria", "inbound", "About 2,000 sq ft, mostly lawn")],
  });
}

let fake: ReturnType<typeof seed>;
beforeEach(() => {
  fake = seed();
  history.replaceState(null, "", "#/");
  localStorage.clear();
});
afterEach(cleanup);

const renderPopup = (hash = "#/") =>
  render(
    <ClientProvider client={fake.client}>
      <PopupApp initialHash={hash} />
    </ClientProvider>,
  );
const rows = () => screen.queryAllByTestId("conversation-row");
const names = () => rows().map((r) => r.querySelector(".st-row-name")!.textContent);
const count = (view: string) => within(screen.getByTestId(`view-${view}`)).getByTestId("count").textContent;

describe("popup list and views", () => {
  it("shows Mine, Unassigned and All with open counts; Mine first, newest activity first", async () => {
    renderPopup();
    // First paint: the current view's page and count; the others are counted when the full list is in.
    expect([count("mine"), count("unassigned"), count("all")]).toEqual(["2", "…", "…"]);
    await waitFor(() => expect([count("mine"), count("unassigned"), count("all")]).toEqual(["2", "2", "4"]));
    expect(names()).toEqual(["Maria Garcia", "Ava Thompson"]);
    expect(screen.getByTestId("view-mine").getAttribute("aria-selected")).toBe("true");
  });

  it("lists unassigned conversations, naming an unnamed contact by formatted number, with unread marks", async () => {
    renderPopup();
    await userEvent.click(screen.getByTestId("view-unassigned"));
    expect(names()).toEqual(["(310) 555-0187", "Sophie Turner"]);
    expect(rows()[0].dataset.unread).toBe("true");
    expect(rows()[1].dataset.unread).toBeUndefined();
    expect(rows()[1].textContent).toContain("Unassigned");
  });

  it("filters by status and by inbox", async () => {
    const user = userEvent.setup();
    renderPopup();
    await user.click(screen.getByTestId("view-all"));
    await user.selectOptions(screen.getByTestId("status-filter"), "pending");
    expect(names()).toEqual(["James Wilson"]);
    expect(count("all")).toBe("1");
    await user.selectOptions(screen.getByTestId("status-filter"), "open");
    await user.selectOptions(screen.getByTestId("inbox-filter"), supportInbox.id);
    expect(names()).toEqual(["Ava Thompson"]);
  });

  it("marks a conversation whose send failed", () => {
    fake.update({
      outbox: [
        {
          clientId: "c1",
          kind: "reply",
          conversationId: "cv_maria",
          inboxId: mainInbox.id,
          to: null,
          body: "x",
          mediaUrls: [],
          state: "failed",
          error: { code: "network", message: "down", status: 0 },
          attempts: 3,
          createdAt: ago(1),
        },
      ],
    });
    renderPopup();
    expect(within(rows()[0]).getByText("Failed")).toBeTruthy();
  });

  it("says what to do when a view is empty", async () => {
    renderPopup();
    await userEvent.selectOptions(screen.getByTestId("status-filter"), "snoozed");
    expect(screen.getByText(/Nothing assigned to you/)).toBeTruthy();
  });
});

describe("popup filters memory", () => {
  it("reopens on the view, status and inbox the rep left", async () => {
    const user = userEvent.setup();
    renderPopup();
    await user.click(screen.getByTestId("view-all"));
    await user.selectOptions(screen.getByTestId("status-filter"), "pending");
    cleanup();
    renderPopup();
    expect(screen.getByTestId("view-all").getAttribute("aria-selected")).toBe("true");
    expect((screen.getByTestId("status-filter") as HTMLSelectElement).value).toBe("pending");
    expect(names()).toEqual(["James Wilson"]);
  });
});

describe("popup search", () => {
  it.each([
    ["a name", "sophie", ["Sophie Turner"]],
    ["two words of a name", "maria gar", ["Maria Garcia"]],
    ["message text", "technician", ["James Wilson"]],
    ["a number as E.164", "+14155550123", ["Maria Garcia"]],
    ["a number in national format", "(212) 555-0134", ["James Wilson"]],
    ["a number with dots", "718.555.0112", ["Sophie Turner"]],
    ["a number with country code and spaces", "1 310 555 0187", ["(310) 555-0187"]],
    ["the last digits of a number", "0152", ["Ava Thompson"]],
  ])("finds by %s", async (_what, query, expected) => {
    renderPopup();
    await userEvent.click(screen.getByTestId("view-all"));
    await userEvent.selectOptions(screen.getByTestId("status-filter"), query === "technician" || query.includes("212") ? "pending" : "open");
    await userEvent.type(screen.getByTestId("search"), query);
    expect(names()).toEqual(expected);
  });

  it("says when nothing matches", async () => {
    renderPopup();
    await userEvent.type(screen.getByTestId("search"), "zebra");
    expect(rows()).toHaveLength(0);
    expect(screen.getByText(/match “zebra”/)).toBeTruthy();
  });
});

describe("popup keyboard", () => {
  it("moves with arrows, opens with Enter and goes back with Esc", async () => {
    const user = userEvent.setup();
    renderPopup();
    await user.click(screen.getByTestId("view-all"));
    screen.getByRole("listbox").focus();
    expect(rows()[0].getAttribute("aria-selected")).toBe("true");
    await user.keyboard("{ArrowDown}{ArrowDown}{ArrowUp}");
    expect(rows()[1].getAttribute("aria-selected")).toBe("true");
    await user.keyboard("{Enter}");
    expect(screen.getByTestId("thread")).toBeTruthy();
    expect(screen.getByRole("heading").textContent).toBe("Maria Garcia");
    expect(location.hash).toBe("#/conversation/cv_maria");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("thread")).toBeNull();
    expect(rows().length).toBe(4);
  });

  it("opens the search result with Enter from the search box", async () => {
    const user = userEvent.setup();
    renderPopup();
    await user.type(screen.getByTestId("search"), "ava{Enter}");
    expect(screen.getByRole("heading").textContent).toBe("Ava Thompson");
  });

  it("r opens the active conversation with the composer focused", async () => {
    const user = userEvent.setup();
    renderPopup();
    screen.getByRole("listbox").focus();
    await user.keyboard("r");
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(document.activeElement).toBe(screen.getByTestId("composer"));
  });

  it("e resolves and a assigns the active conversation to me", async () => {
    const user = userEvent.setup();
    renderPopup();
    await user.click(screen.getByTestId("view-unassigned"));
    screen.getByRole("listbox").focus();
    await user.keyboard("a");
    expect(fake.sent).toContainEqual({ type: "conversation.update", conversationId: "cv_anon", assigneeId: alice.id });
    expect(count("mine")).toBe("3");
    expect(names()).toEqual(["Sophie Turner"]);
    await user.keyboard("e");
    expect(fake.sent).toContainEqual({ type: "conversation.update", conversationId: "cv_sophie", status: "resolved" });
    expect(rows()).toHaveLength(0);
  });

  it("n starts a new message from the list", async () => {
    renderPopup();
    screen.getByRole("listbox").focus();
    await userEvent.keyboard("n");
    expect(screen.getByTestId("new-message-to")).toBeTruthy();
  });

  it("opens the conversation of the #/conversation/<id> route directly", () => {
    renderPopup("#/conversation/cv_ava");
    expect(screen.getByRole("heading").textContent).toBe("Ava Thompson");
  });
});

describe("popup connection states", () => {
  it("keeps showing the cache when signed out and says how to fix it", () => {
    fake.update({ connection: "signed_out", reason: "Your session expired." });
    renderPopup();
    expect(screen.getByTestId("status-banner").textContent).toContain("signed out");
    expect(rows().length).toBeGreaterThan(0);
  });

  it("says offline with the reason", () => {
    fake.update({ connection: "offline", reason: "Server did not answer" });
    renderPopup();
    expect(screen.getByTestId("status-banner").textContent).toContain("Server did not answer");
  });
});

describe("popup new message", () => {
  it("validates a number typed in any format, picks the inbox and starts the thread", async () => {
    const user = userEvent.setup();
    renderPopup();
    await user.click(screen.getByTestId("new-message"));
    await user.type(screen.getByTestId("new-message-to"), "212 555");
    expect(screen.getByText("Not a valid phone number yet")).toBeTruthy();
    expect((screen.getByTestId("new-message-send") as HTMLButtonElement).disabled).toBe(true);
    await user.type(screen.getByTestId("new-message-to"), "-0199");
    expect(screen.getByText("Texting (212) 555-0199")).toBeTruthy();
    await user.selectOptions(screen.getByTestId("new-message-inbox"), supportInbox.id);
    await user.type(screen.getByTestId("new-message-body"), "Hello from support");
    await user.click(screen.getByTestId("new-message-send"));
    expect(fake.sent).toContainEqual({ type: "message.start", inboxId: supportInbox.id, to: "+12125550199", body: "Hello from support" });
  });

  it("finds a contact by name and refuses one who opted out", async () => {
    fake.update({ contacts: { ...fake.state.contacts, ct_sophie: { ...sophie, optedOutAt: ago(60) } } });
    const user = userEvent.setup();
    renderPopup();
    await user.click(screen.getByTestId("new-message"));
    await user.type(screen.getByTestId("new-message-to"), "soph");
    await user.click(screen.getByRole("button", { name: /Sophie Turner/ }));
    expect((screen.getByTestId("new-message-to") as HTMLInputElement).value).toBe("+17185550112");
    expect(screen.getByRole("alert").textContent).toContain("opted out");
  });
});

describe("popup first paint from its saved page", () => {
  it("paints the last page at once while the worker has not answered, and never another user's", () => {
    renderPopup();
    cleanup();
    // The worker is slow to answer: the saved page paints the list anyway.
    const silent = { ...fake.client, useSubscription: () => undefined };
    render(
      <ClientProvider client={silent}>
        <PopupApp initialHash="#/" />
      </ClientProvider>,
    );
    expect(names()).toEqual(["Maria Garcia", "Ava Thompson"]);
    cleanup();
    // Bob signs in on this browser: alice's saved page is not shown to him.
    const bobSession = {
      ...fake.client,
      useSubscription: (topic: { type: string }) =>
        topic.type === "session" ? { user: bob, serverUrl: "", connection: { state: "live", reason: null, since: "" }, settings: {} } : undefined,
    } as typeof fake.client;
    render(
      <ClientProvider client={bobSession}>
        <PopupApp initialHash="#/" />
      </ClientProvider>,
    );
    expect(rows()).toHaveLength(0);
    expect(localStorage.getItem("sidetext.popup.firstPage")).toBeNull();
  });
});
