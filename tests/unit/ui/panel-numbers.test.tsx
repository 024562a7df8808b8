// @vitest-environment jsdom
// The panel's number tools: the number it opens on, a number typed or picked when the record shows none
// (or not the right one), and "Why this number?".
import { act, cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CrmPhone, CrmRecord } from "../../../src/protocol/record";
import { ClientProvider } from "../../../src/ui/common/client-context";
import { PanelApp } from "../../../src/ui/panel/PanelApp";
import { createFakeClient } from "../../support/fake-view-client";
import { ago, alice, contact, conversation, mainInbox, message, templates, users } from "../../support/ui-fixtures";

const maria = contact("ct_maria", "+14155550123", "Maria Garcia");
const mariaWork = contact("ct_maria_work", "+14155550199", "Maria Garcia");
const work: CrmPhone = {
  raw: "(415) 555-0199",
  e164: "+14155550199",
  label: "work",
  extension: null,
  foundBy: { reader: "hubspot", layer: "site", detail: "field phone" },
};
const mobile: CrmPhone = {
  raw: "(415) 555-0123",
  e164: "+14155550123",
  label: "mobile",
  extension: null,
  foundBy: { reader: "generic", layer: "labelled", detail: 'label "Mobile" after the number' },
};
const record: CrmRecord = {
  source: "hubspot",
  kind: "contact",
  name: "Maria Garcia",
  company: null,
  url: "https://app.hubspot.com/contacts/1/record/0-1/51",
  phones: [work, mobile],
  fields: {},
};
const typed: CrmPhone = {
  raw: "(917) 555-0142",
  e164: "+19175550142",
  label: "other",
  extension: null,
  foundBy: { reader: "rep", layer: "typed", detail: "typed in the panel" },
};
const zoe = contact("ct_zoe", typed.e164, "Zoe Scott");

let fake: ReturnType<typeof createFakeClient>;
beforeEach(() => {
  fake = createFakeClient({
    me: alice,
    users,
    inboxes: [mainInbox],
    templates,
    record,
    contacts: { [maria.id]: maria, [mariaWork.id]: mariaWork, [zoe.id]: zoe },
    conversations: [
      conversation("cv_mobile", maria, { lastMessageAt: ago(600) }),
      conversation("cv_work", mariaWork, { lastMessageAt: ago(5) }),
      conversation("cv_zoe", zoe, { lastMessageAt: ago(50) }),
    ],
    lastMessageAt: { [work.e164]: ago(5), [mobile.e164]: ago(600) },
    messages: [
      message("cv_mobile", "inbound", "From the mobile"),
      message("cv_work", "inbound", "From the work line"),
      message("cv_zoe", "inbound", "From Zoe"),
    ],
  });
});
afterEach(cleanup);

const renderPanel = () =>
  render(
    <ClientProvider client={fake.client}>
      <PanelApp />
    </ClientProvider>,
  );

describe("panel numbers", () => {
  it("opens on the number with the most recent conversation, not on the mobile one", () => {
    renderPanel();
    expect((screen.getByTestId("phone-switcher") as HTMLSelectElement).value).toBe(work.e164);
    expect(screen.getByTestId("thread").textContent).toContain("From the work line");
  });

  it("opens on mobile when none of the numbers has a conversation in the cache", () => {
    fake.update({ lastMessageAt: {} });
    renderPanel();
    expect((screen.getByTestId("phone-switcher") as HTMLSelectElement).value).toBe(mobile.e164);
  });

  it("with no number on the record: says so and checks a typed number as it is typed; Enter opens it", async () => {
    const user = userEvent.setup();
    fake.update({
      record: { ...record, phones: [] },
      answers: {
        "panel.useNumber": () => {
          fake.update({ picked: { phone: typed, at: ago(0) } });
          return { ok: true, data: { phone: typed } };
        },
      },
    });
    renderPanel();
    expect(screen.getByTestId("no-number").textContent).toContain("No phone number on this record");
    const input = screen.getByTestId("number-input");
    await user.type(input, "917 555");
    expect(document.getElementById("st-number-hint")!.textContent).toBe("Not a valid phone number yet");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    await user.type(input, "-0142");
    expect(document.getElementById("st-number-hint")!.textContent).toBe("Opens (917) 555-0142");
    await user.keyboard("{Enter}");
    expect(fake.sent).toContainEqual({ type: "panel.useNumber", raw: "917 555-0142" });
    expect(screen.getByTestId("thread").textContent).toContain("From Zoe");
  });

  it("refuses Enter on what is not a number, saying why, and sends nothing", async () => {
    const user = userEvent.setup();
    fake.update({ record: { ...record, phones: [] } });
    renderPanel();
    await user.type(screen.getByTestId("number-input"), "call me{Enter}");
    expect(document.getElementById("st-number-hint")!.textContent).toBe('"call me" is not a phone number Sidetext can text.');
    expect(fake.sent.some((c) => c.type === "panel.useNumber")).toBe(false);
  });

  it("picks a number on the page, and says when the rep cancelled", async () => {
    const user = userEvent.setup();
    let resolvePick!: () => void;
    fake.update({
      record: { ...record, phones: [] },
      answers: {
        "panel.pickNumber": () =>
          new Promise((resolve) => {
            resolvePick = () => resolve({ ok: true, data: { phone: null } });
          }),
      },
    });
    renderPanel();
    await user.click(screen.getByTestId("pick-number"));
    expect(fake.sent).toContainEqual({ type: "panel.pickNumber" });
    expect(screen.getByTestId("pick-number").textContent).toBe("Click a number on the page… (Esc cancels)");
    await act(async () => resolvePick());
    expect(document.getElementById("st-number-hint")!.textContent).toBe("Picking cancelled.");
    expect(screen.getByTestId("pick-number").textContent).toBe("Pick a number on the page");
  });

  it("shows a number the rep gave beside the record's own, and opens on it", () => {
    fake.update({ picked: { phone: typed, at: ago(0) } });
    renderPanel();
    const switcher = screen.getByTestId("phone-switcher") as HTMLSelectElement;
    expect(switcher.value).toBe(typed.e164);
    expect([...switcher.options].map((o) => o.value)).toEqual([work.e164, mobile.e164, typed.e164]);
    expect(screen.getByTestId("thread").textContent).toContain("From Zoe");
  });

  it('"Not the right number?" opens the number field, focused, beside the thread', async () => {
    const user = userEvent.setup();
    renderPanel();
    expect(screen.queryByTestId("number-input")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Not the right number?" }));
    expect(document.activeElement).toBe(screen.getByTestId("number-input"));
    expect(screen.getByTestId("thread").textContent).toContain("From the work line");
  });

  it('"Why this number?" shows the reader and layer behind each number, and why this one is shown', async () => {
    const user = userEvent.setup();
    renderPanel();
    expect(screen.queryByTestId("why-number-list")).toBeNull();
    await user.click(screen.getByTestId("why-number"));
    const items = screen.getAllByTestId("why-number-item").map((li) => li.textContent);
    expect(items[0]).toContain("Work · (415) 555-0199");
    expect(items[0]).toContain("shown");
    expect(items[0]).toContain("Found by the HubSpot reader in the CRM's own fields (field phone).");
    expect(items[1]).toContain('Found by the generic page reader in a labelled field in the record (label "Mobile" after the number).');
    expect(screen.getByTestId("why-number-reason").textContent).toBe("Shown first: it has the most recent conversation in your inboxes.");
    expect(screen.getByTestId("why-number").getAttribute("aria-expanded")).toBe("true");
  });
});
