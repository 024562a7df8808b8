// @vitest-environment jsdom
// The web app's list has the popup's tag filter (one InboxScreen, one store): a tag narrows the list, the worker
// is asked for that tag's list, and the choice stays for the next load.
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fail } from "../../../src/api/errors";
import { ClientProvider } from "../../../src/ui/common/client-context";
import { WebApp } from "../../../web/App";
import { createFakeClient } from "../../support/fake-view-client";
import { ago, alice, contact, conversation, mainInbox, users } from "../../support/ui-fixtures";

const maria = contact("ct_maria", "+14155550123", "Maria Garcia", { tags: ["vip"] });
const sophie = contact("ct_sophie", "+17185550112", "Sophie Turner");

beforeEach(() => {
  history.replaceState(null, "", "#/");
  localStorage.clear();
});
afterEach(cleanup);

describe("web app list filtered by tag", () => {
  it("lists only the tagged contact's conversation and asks the worker for the tag", async () => {
    const fake = createFakeClient({
      me: alice,
      users,
      inboxes: [mainInbox],
      contacts: { [maria.id]: maria, [sophie.id]: sophie },
      conversations: [
        conversation("cv_maria", maria, { assigneeId: alice.id, lastMessageAt: ago(12) }),
        conversation("cv_sophie", sophie, { assigneeId: alice.id, lastMessageAt: ago(30) }),
      ],
      answers: { "availability.get": () => fail("not_found", "no availability here") },
    });
    const asked: unknown[] = [];
    const useSubscription = fake.client.useSubscription.bind(fake.client);
    fake.client.useSubscription = ((topic) => {
      asked.push(topic);
      return useSubscription(topic);
    }) as typeof fake.client.useSubscription;
    render(
      <ClientProvider client={fake.client}>
        <WebApp />
      </ClientProvider>,
    );
    const names = () => screen.queryAllByTestId("conversation-row").map((r) => r.querySelector(".st-row-name")!.textContent);
    await waitFor(() => expect(names()).toEqual(["Maria Garcia", "Sophie Turner"]));
    await userEvent.type(screen.getByTestId("tag-filter"), "vip{Enter}");
    expect(names()).toEqual(["Maria Garcia"]);
    expect(asked).toContainEqual({ type: "inbox", filter: expect.objectContaining({ tag: "vip" }) });
    expect(JSON.parse(localStorage.getItem("sidetext.popup.filters") ?? "{}")).toMatchObject({ tag: "vip" });
  });
});
