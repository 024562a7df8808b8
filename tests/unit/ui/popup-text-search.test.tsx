// @vitest-environment jsdom
// Popup search beyond names, numbers and previews: message text the worker has cached. Instant matches
// stay first; the UI says that message text is searched only in conversations opened on this device.
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientProvider } from "../../../src/ui/common/client-context";
import { PopupApp } from "../../../src/ui/popup/PopupApp";
import { createFakeClient } from "../../support/fake-view-client";
import { ago, alice, contact, conversation, mainInbox, message, users } from "../../support/ui-fixtures";

const maria = contact("ct_maria", "+14155550123", "Maria Garcia");
const james = contact("ct_james", "+12125550134", "James Wilson");
const sophie = contact("ct_sophie", "+17185550112", "Sophie Turner");

function seed() {
  return createFakeClient({
    me: alice,
    users,
    inboxes: [mainInbox],
    contacts: { [maria.id]: maria, [james.id]: james, [sophie.id]: sophie },
    conversations: [
      conversation("cv_james", james, { assigneeId: alice.id, lastMessageAt: ago(5), preview: "Our technician will call" }),
      conversation("cv_maria", maria, { assigneeId: alice.id, lastMessageAt: ago(12), preview: "About the lawn" }),
      conversation("cv_sophie", sophie, { assigneeId: alice.id, lastMessageAt: ago(30), preview: "Thanks!" }),
    ],
    messages: [message("cv_james", "inbound", "The lawn mower is broken, gate code 4417"), message("cv_james", "outbound", "Our technician will call")],
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

describe("popup search over cached message text", () => {
  it("adds conversations found only in cached messages after the instant matches, and says so", async () => {
    renderPopup();
    await userEvent.type(screen.getByTestId("search"), "lawn");
    expect(names()).toEqual(["Maria Garcia"]); // instant: the preview
    await waitFor(() => expect(names()).toEqual(["Maria Garcia", "James Wilson"]));
    expect(screen.getByTestId("search-scope").textContent).toBe(
      "1 more found in cached messages — message text searched in the 1 conversation opened on this device only",
    );
    expect(fake.sent).toContainEqual({ type: "search", query: "lawn" });
  });

  it("finds by words only in a message, and says the text search covered cached conversations only", async () => {
    renderPopup();
    await userEvent.type(screen.getByTestId("search"), "gate code");
    await waitFor(() => expect(names()).toEqual(["James Wilson"]));
    await userEvent.clear(screen.getByTestId("search"));
    await userEvent.type(screen.getByTestId("search"), "thanks");
    await waitFor(() =>
      expect(screen.getByTestId("search-scope").textContent).toMatch(
        /^Names, numbers and previews searched; message text searched in the 1 conversation opened/,
      ),
    );
    expect(names()).toEqual(["Sophie Turner"]);
  });
});

describe("Enter in the search box", () => {
  it("opens the first result when it shows, if Enter came before the worker's matches", async () => {
    renderPopup();
    const user = userEvent.setup();
    await user.type(screen.getByTestId("search"), "gate code{Enter}"); // only in a cached message: no instant match
    await waitFor(() => expect(screen.getByTestId("thread")).toBeTruthy());
    expect(screen.getByTestId("thread").textContent).toContain("gate code 4417");
  });

  it("does not open a result of a search the rep changed after pressing Enter", async () => {
    renderPopup();
    const user = userEvent.setup();
    await user.type(screen.getByTestId("search"), "zzz{Enter}");
    await user.clear(screen.getByTestId("search"));
    await user.type(screen.getByTestId("search"), "gate code");
    await waitFor(() => expect(names()).toEqual(["James Wilson"]));
    expect(screen.queryByTestId("thread")).toBeNull();
  });
});
