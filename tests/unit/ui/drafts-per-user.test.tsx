// @vitest-environment jsdom
// Unsent text and the popup's saved first page belong to the user who signed in: another user on the same
// browser profile never sees them, and signing out clears them.
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientProvider } from "../../../src/ui/common/client-context";
import { useDrafts } from "../../../src/ui/common/drafts";
import { PopupApp } from "../../../src/ui/popup/PopupApp";
import { createFakeClient } from "../../support/fake-view-client";
import { alice, bob, contact, conversation, mainInbox, users } from "../../support/ui-fixtures";

const maria = contact("ct_maria", "+14155550123", "Maria Garcia");
const seed = (me: typeof alice | null) =>
  createFakeClient({
    me,
    users,
    inboxes: [mainInbox],
    contacts: { [maria.id]: maria },
    conversations: [conversation("cv_maria", maria, { assigneeId: null })],
  });
const renderPopup = (fake: ReturnType<typeof seed>, hash: string) =>
  render(
    <ClientProvider client={fake.client}>
      <PopupApp initialHash={hash} />
    </ClientProvider>,
  );
const stored = () => localStorage.getItem("sidetext.drafts") ?? "";

beforeEach(() => {
  localStorage.clear();
  useDrafts.setState({ owner: null, drafts: {}, viewer: undefined });
  history.replaceState(null, "", "#/");
});
afterEach(cleanup);

async function aliceLeavesADraft() {
  const view = renderPopup(seed(alice), "#/conversation/cv_maria");
  await userEvent.type(await screen.findByTestId("composer"), "Private half-written reply");
  expect(stored()).toContain("Private half-written reply");
  view.unmount();
  // The next popup is a fresh page: its store starts from what is in localStorage.
  useDrafts.setState({ viewer: undefined });
  await useDrafts.persist.rehydrate();
}

describe("drafts per user", () => {
  it("alice gets her draft back in the next popup", async () => {
    await aliceLeavesADraft();
    renderPopup(seed(alice), "#/conversation/cv_maria");
    await waitFor(() => expect((screen.getByTestId("composer") as HTMLTextAreaElement).value).toBe("Private half-written reply"));
  });

  it("bob signing in on the same profile never sees alice's draft, and it is gone from storage", async () => {
    await aliceLeavesADraft();
    renderPopup(seed(bob), "#/conversation/cv_maria");
    const composer = (await screen.findByTestId("composer")) as HTMLTextAreaElement;
    expect(composer.value).toBe("");
    await waitFor(() => expect(stored()).not.toContain("Private half-written reply"));
  });

  it("signing out clears drafts and the popup's saved first page", async () => {
    await aliceLeavesADraft();
    const view = renderPopup(seed(alice), "#/");
    await waitFor(() => expect(localStorage.getItem("sidetext.popup.firstPage")).toContain(alice.id));
    view.unmount();
    renderPopup(seed(null), "#/");
    await waitFor(() => expect(stored()).not.toContain("Private half-written reply"));
    expect(localStorage.getItem("sidetext.popup.firstPage")).toBeNull();
  });
});
