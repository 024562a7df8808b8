// @vitest-environment jsdom
import { act, cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CrmRecord } from "../../../src/protocol/record";
import { ClientProvider } from "../../../src/ui/common/client-context";
import { useDrafts } from "../../../src/ui/common/drafts";
import { PanelApp } from "../../../src/ui/panel/PanelApp";
import { createFakeClient } from "../../support/fake-view-client";
import { ago, alice, bob, contact, conversation, mainInbox, message, supportInbox, templates, users } from "../../support/ui-fixtures";

const maria = contact("ct_maria", "+14155550123", "Maria Garcia");
const record: CrmRecord = {
  source: "hubspot",
  kind: "contact",
  name: "Maria Garcia",
  company: "Garcia Landscaping",
  url: "https://app.hubspot.com/contacts/1/record/0-1/51",
  phones: [
    { raw: "(415) 555-0199", e164: "+14155550199", label: "work", extension: null },
    { raw: "(415) 555-0123", e164: "+14155550123", label: "mobile", extension: null },
  ],
  fields: {},
};

let fake: ReturnType<typeof createFakeClient>;
beforeEach(() => {
  fake = createFakeClient({
    me: alice,
    users,
    inboxes: [mainInbox, supportInbox],
    templates,
    record,
    contacts: { [maria.id]: maria },
    conversations: [
      conversation("cv_main", maria, { assigneeId: bob.id, lastMessageAt: ago(5) }),
      conversation("cv_support", maria, { inboxId: supportInbox.id, lastMessageAt: ago(500) }),
    ],
    messages: [message("cv_main", "inbound", "Main line question"), message("cv_support", "inbound", "Support line question")],
  });
});
afterEach(() => {
  cleanup();
  useDrafts.setState({ drafts: {} });
});

const renderPanel = () =>
  render(
    <ClientProvider client={fake.client}>
      <PanelApp />
    </ClientProvider>,
  );

describe("panel", () => {
  it("shows the mobile number's newest conversation with a switcher over the record's numbers", () => {
    renderPanel();
    expect(screen.getByRole("heading").textContent).toBe("Maria Garcia");
    expect((screen.getByTestId("phone-switcher") as HTMLSelectElement).value).toBe("+14155550123");
    expect(screen.getByTestId("thread").textContent).toContain("Main line question");
    expect((screen.getByTestId("assign") as HTMLSelectElement).value).toBe(bob.id);
  });

  it("switches inbox with the picker when the rep is in several", async () => {
    renderPanel();
    await userEvent.selectOptions(screen.getByTestId("inbox-picker"), supportInbox.id);
    expect(screen.getByTestId("thread").textContent).toContain("Support line question");
  });

  it("offers to start a thread for a number with none, from the chosen inbox, filling templates from the record", async () => {
    const user = userEvent.setup();
    renderPanel();
    await user.selectOptions(screen.getByTestId("phone-switcher"), "+14155550199");
    expect(screen.getByText("No thread yet for this number: start one")).toBeTruthy();
    await user.click(screen.getByTestId("composer"));
    await user.keyboard("/quote{Enter}");
    expect((screen.getByTestId("composer") as HTMLTextAreaElement).value).toBe("Hi Maria, the quote for Garcia Landscaping is ready.");
    await user.keyboard("{Enter}");
    expect(fake.sent).toContainEqual({
      type: "message.start",
      inboxId: mainInbox.id,
      to: "+14155550199",
      body: "Hi Maria, the quote for Garcia Landscaping is ready.",
    });
  });

  it("follows the record: another record's number shows its own state, never the previous thread", () => {
    renderPanel();
    act(() =>
      fake.update({
        record: {
          ...record,
          url: "https://app.hubspot.com/contacts/1/record/0-1/52",
          name: "Zoe Scott",
          phones: [{ raw: "917-555-0109", e164: "+19175550109", label: "mobile", extension: null }],
        },
      }),
    );
    expect(screen.queryByText("Main line question")).toBeNull();
    expect(screen.getByRole("heading").textContent).toBe("Zoe Scott");
    expect(screen.getByText("No thread yet for this number: start one")).toBeTruthy();
  });

  it("marks the conversation read and says it is being viewed", () => {
    renderPanel();
    expect(fake.sent).toContainEqual({ type: "conversation.read", conversationId: "cv_main" });
    expect(fake.sent).toContainEqual({ type: "presence.set", conversationId: "cv_main", state: "viewing" });
  });

  it("asks to open a record when the tab shows none, and says when a record has no number", () => {
    fake.update({ record: null });
    renderPanel();
    expect(screen.getByText("Open a contact in your CRM")).toBeTruthy();
    act(() => fake.update({ record: { ...record, phones: [] } }));
    expect(screen.getByText("No phone number on this record")).toBeTruthy();
  });

  it("keeps the thread on screen when signed out, with the banner and replies off", () => {
    fake.update({ connection: "signed_out" });
    renderPanel();
    expect(screen.getByTestId("status-banner").dataset.state).toBe("signed_out");
    expect(screen.getByTestId("thread").textContent).toContain("Main line question");
    expect((screen.getByTestId("composer") as HTMLTextAreaElement).disabled).toBe(true);
  });
});
