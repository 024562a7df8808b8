// @vitest-environment jsdom
// The list's tag filter in the popup and the web app (both render InboxScreen from the same store): pick one of
// the cached contacts' tags or type one, the list narrows to conversations whose contact has it, the worker is
// asked for that tag (so it can ask the server too), and an empty result says how to get back.
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientProvider } from "../../../src/ui/common/client-context";
import { PopupApp } from "../../../src/ui/popup/PopupApp";
import type { Command } from "../../../src/protocol/messages";
import { fail } from "../../../src/api/errors";
import { createFakeClient } from "../../support/fake-view-client";
import { ago, alice, contact, conversation, mainInbox, users } from "../../support/ui-fixtures";

const maria = contact("ct_maria", "+14155550123", "Maria Garcia", { tags: ["vip", "roofing"] });
const james = contact("ct_james", "+12125550134", "James Wilson", { tags: ["vip"] });
const sophie = contact("ct_sophie", "+17185550112", "Sophie Turner");

function seed() {
  return createFakeClient({
    me: alice,
    users,
    inboxes: [mainInbox],
    contacts: { [maria.id]: maria, [james.id]: james, [sophie.id]: sophie },
    conversations: [
      conversation("cv_james", james, { assigneeId: alice.id, lastMessageAt: ago(5) }),
      conversation("cv_maria", maria, { assigneeId: alice.id, lastMessageAt: ago(12) }),
      conversation("cv_sophie", sophie, { assigneeId: alice.id, lastMessageAt: ago(30) }),
    ],
    // The popup's Away switch asks this; not what these tests are about (no switch shown).
    answers: { "availability.get": () => fail("not_found", "no availability here") },
  });
}

let fake: ReturnType<typeof seed>;
beforeEach(() => {
  fake = seed();
  history.replaceState(null, "", "#/");
  localStorage.clear();
});
afterEach(cleanup);

const renderPopup = () =>
  render(
    <ClientProvider client={fake.client}>
      <PopupApp initialHash="#/" />
    </ClientProvider>,
  );
const names = () => screen.queryAllByTestId("conversation-row").map((r) => r.querySelector(".st-row-name")!.textContent);
const commands = (): Command[] => fake.sent;

describe("popup list filtered by tag", () => {
  it("offers the cached contacts' tags, most used first", async () => {
    renderPopup();
    await waitFor(() => expect(names()).toHaveLength(3));
    const options = screen.getByTestId("tag-filter-options");
    await waitFor(() => expect([...options.querySelectorAll("option")].map((o) => o.value)).toEqual(["vip", "roofing"]));
    expect(commands()).toContainEqual({ type: "tags.list" });
  });

  it("a typed tag (any case) narrows the list on Enter; × and Escape clear it", async () => {
    renderPopup();
    await waitFor(() => expect(names()).toHaveLength(3));
    await userEvent.type(screen.getByTestId("tag-filter"), " VIP {Enter}");
    expect(names()).toEqual(["James Wilson", "Maria Garcia"]);
    expect(screen.getByTestId("tag-filter-chip").textContent).toContain("Tag: vip");
    // Views count within the tag: all three are mine, two tagged.
    expect(screen.getByRole("tab", { name: /Mine/ }).textContent).toContain("2");
    await userEvent.click(screen.getByTestId("tag-filter-clear"));
    expect(names()).toHaveLength(3);
    // Escape in the empty box keeps the list as it is; typed text is cleared first.
    const input = screen.getByTestId("tag-filter");
    await userEvent.type(input, "roof{Escape}");
    expect((input as HTMLInputElement).value).toBe("");
    await userEvent.type(input, "roofing{Enter}");
    expect(names()).toEqual(["Maria Garcia"]);
  });

  it("asks the worker for the tag's list, so it can ask the server too", async () => {
    const { client } = fake;
    const asked: unknown[] = [];
    const useSubscription = client.useSubscription.bind(client);
    client.useSubscription = ((topic) => {
      asked.push(topic);
      return useSubscription(topic);
    }) as typeof client.useSubscription;
    renderPopup();
    await waitFor(() => expect(names()).toHaveLength(3));
    await userEvent.type(screen.getByTestId("tag-filter"), "roofing{Enter}");
    await waitFor(() => expect(asked).toContainEqual({ type: "inbox", filter: expect.objectContaining({ status: "open", tag: "roofing", assignee: "me" }) }));
    await waitFor(() => expect(asked).toContainEqual({ type: "inbox", filter: { status: "open", tag: "roofing", limit: 5000 } }));
  });

  it("says when no conversation has the tag, and Clear the filter brings the list back", async () => {
    renderPopup();
    await waitFor(() => expect(names()).toHaveLength(3));
    await userEvent.type(screen.getByTestId("tag-filter"), "plumbing{Enter}");
    const empty = await screen.findByTestId("tag-filter-empty");
    expect(within(empty).getByText("No conversation tagged “plumbing”")).toBeTruthy();
    const clear = within(empty).getByRole("button", { name: "Clear the filter" });
    clear.focus();
    await userEvent.keyboard("{Enter}");
    expect(names()).toHaveLength(3);
  });

  it("refuses a tag the server could never hold, saying why, and keeps the list", async () => {
    renderPopup();
    await waitFor(() => expect(names()).toHaveLength(3));
    await userEvent.type(screen.getByTestId("tag-filter"), "#vip{Enter}");
    expect(screen.getByTestId("tag-filter-refusal").textContent).toMatch(/starts with a letter or digit/);
    expect(screen.getByTestId("tag-filter").getAttribute("aria-invalid")).toBe("true");
    expect(names()).toHaveLength(3);
    await userEvent.clear(screen.getByTestId("tag-filter"));
    expect(screen.queryByTestId("tag-filter-refusal")).toBeNull();
  });

  it("reopens on the tag the rep left it on", async () => {
    const first = renderPopup();
    await waitFor(() => expect(names()).toHaveLength(3));
    await userEvent.type(screen.getByTestId("tag-filter"), "vip{Enter}");
    first.unmount();
    renderPopup();
    await waitFor(() => expect(names()).toEqual(["James Wilson", "Maria Garcia"]));
    expect(screen.getByTestId("tag-filter-chip").textContent).toContain("vip");
  });
});
