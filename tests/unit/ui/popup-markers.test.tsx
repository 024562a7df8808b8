// @vitest-environment jsdom
// What the popup shows beside each conversation: teammates' presence in the list, "Open in CRM" in the
// conversation header.
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientProvider } from "../../../src/ui/common/client-context";
import { PopupApp } from "../../../src/ui/popup/PopupApp";
import { createFakeClient } from "../../support/fake-view-client";
import { ago, alice, bob, contact, conversation, mainInbox, message, users } from "../../support/ui-fixtures";

const maria = contact("ct_maria", "+14155550123", "Maria Garcia");
const james = contact("ct_james", "+12125550134", "James Wilson");

function seed() {
  return createFakeClient({
    me: alice,
    users,
    inboxes: [mainInbox],
    contacts: { [maria.id]: maria, [james.id]: james },
    conversations: [
      conversation("cv_maria", maria, { assigneeId: alice.id, lastMessageAt: ago(12), preview: "About the lawn" }),
      conversation("cv_james", james, { assigneeId: alice.id, lastMessageAt: ago(30), preview: "Our technician will call" }),
    ],
    messages: [message("cv_maria", "inbound", "About the lawn")],
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
const row = (name: string) => screen.getAllByTestId("conversation-row").find((r) => r.textContent?.includes(name))!;

describe("popup list: teammates' presence", () => {
  it("a row says which teammate is viewing or typing, live, and never me", async () => {
    renderPopup();
    await waitFor(() => expect(screen.getAllByTestId("conversation-row")).toHaveLength(2));
    expect(screen.queryByTestId("row-presence")).toBeNull();
    const at = new Date().toISOString();
    fake.update({
      presence: [
        { conversationId: "cv_maria", userId: bob.id, state: "typing", at },
        { conversationId: "cv_james", userId: alice.id, state: "viewing", at },
      ],
    });
    await waitFor(() => expect(row("Maria Garcia").querySelector("[data-testid=row-presence]")?.textContent).toBe("· Bob is typing"));
    expect(row("James Wilson").querySelector("[data-testid=row-presence]")).toBeNull();
  });
});

describe("popup list: delivery failure marker", () => {
  it("marks a conversation whose latest text failed on the server, and only that one", async () => {
    fake.update({ conversations: fake.state.conversations.map((c) => (c.id === "cv_james" ? { ...c, lastDeliveryFailureAt: ago(31) } : c)) });
    renderPopup();
    await waitFor(() => expect(screen.getAllByTestId("conversation-row")).toHaveLength(2));
    expect(row("James Wilson").querySelector("[data-testid=delivery-failed]")?.textContent).toBe("Failed");
    expect(row("Maria Garcia").querySelector("[data-testid=delivery-failed]")).toBeNull();
  });
});

describe("popup conversation: Open in CRM", () => {
  it("links to the record the number was last seen on; a click asks the worker to focus or open it", async () => {
    const url = "https://app.hubspot.com/contacts/1/record/0-1/51";
    fake.update({ crmRecords: { [maria.phoneNumber]: { url, name: "Maria Garcia", source: "hubspot" } } });
    renderPopup("#/conversation/cv_maria");
    const link = await screen.findByTestId("open-in-crm");
    expect(link.getAttribute("href")).toBe(url);
    expect(link.getAttribute("title")).toBe("Open Maria Garcia in HubSpot");
    await userEvent.click(link);
    expect(fake.sent).toContainEqual({ type: "crm.open", e164: maria.phoneNumber });
  });

  it("shows no link for a number never seen on a CRM record", async () => {
    renderPopup("#/conversation/cv_james");
    await screen.findByTestId("thread");
    expect(screen.queryByTestId("open-in-crm")).toBeNull();
  });
});
