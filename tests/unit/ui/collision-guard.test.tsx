// @vitest-environment jsdom
import { act, cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ThreadView } from "../../../src/ui/thread/ThreadView";
import { useDrafts } from "../../../src/ui/common/drafts";
import type { ThreadActions, ThreadData } from "../../../src/ui/common/types";
import { ago, alice, bob, contact, conversation, mainInbox, message, templates, users } from "../../support/ui-fixtures";

afterEach(() => {
  cleanup();
  useDrafts.setState({ drafts: {} });
});

const maria = contact("ct_maria", "+14155550123", "Maria Garcia");
const conv = conversation("cv_1", maria, { assigneeId: alice.id });

function setup(initial: ThreadData["messages"]) {
  const actions: ThreadActions = {
    send: vi.fn(),
    addNote: vi.fn(),
    retry: vi.fn(),
    discard: vi.fn(),
    update: vi.fn(),
    loadOlder: vi.fn(),
    setPresence: vi.fn(),
  };
  const thread = (messages: ThreadData["messages"]): ThreadData => ({
    conversation: conv,
    contact: maria,
    messages,
    notes: [],
    activities: [],
    outbox: [],
    presence: [],
    hasMore: false,
  });
  const view = (messages: ThreadData["messages"]) => (
    <ThreadView thread={thread(messages)} me={alice} users={users} inboxes={[mainInbox]} templates={templates} actions={actions} />
  );
  const utils = render(view(initial));
  return { actions, rerender: (messages: ThreadData["messages"]) => utils.rerender(view(messages)), user: userEvent.setup() };
}

describe("collision guard", () => {
  const first = message("cv_1", "inbound", "Is my car ready?");

  it("sends at once when nothing happened while composing", async () => {
    const { actions, user } = setup([first]);
    await user.click(screen.getByTestId("composer"));
    await user.keyboard("Almost{Enter}");
    expect(actions.send).toHaveBeenCalledWith("Almost");
    expect(screen.queryByTestId("collision-warning")).toBeNull();
  });

  it("holds the send when the customer wrote after composing began, and Send anyway sends it", async () => {
    const { actions, rerender, user } = setup([first]);
    await user.click(screen.getByTestId("composer"));
    await user.keyboard("It will be ready at 5");
    act(() => rerender([first, message("cv_1", "inbound", "Never mind, I'll come tomorrow", { createdAt: ago(1) })]));
    await user.keyboard("{Enter}");
    expect(actions.send).not.toHaveBeenCalled();
    const warning = screen.getByTestId("collision-warning");
    expect(warning.textContent).toContain("New activity — review before sending");
    expect(warning.textContent).toContain("Maria Garcia sent a new message");
    await user.click(screen.getByTestId("send-anyway"));
    expect(actions.send).toHaveBeenCalledWith("It will be ready at 5");
    expect(screen.queryByTestId("collision-warning")).toBeNull();
    expect((screen.getByTestId("composer") as HTMLTextAreaElement).value).toBe("");
  });

  it("holds the send when a teammate replied, and Review keeps the draft for a second look", async () => {
    const { actions, rerender, user } = setup([first]);
    await user.click(screen.getByTestId("composer"));
    await user.keyboard("On it");
    act(() => rerender([first, message("cv_1", "outbound", "Ready now!", { authorId: bob.id, createdAt: ago(1) })]));
    await user.click(screen.getByTestId("send"));
    expect(screen.getByTestId("collision-warning").textContent).toContain("Bob replied");
    await user.click(screen.getByRole("button", { name: "Review" }));
    expect(screen.queryByTestId("collision-warning")).toBeNull();
    expect((screen.getByTestId("composer") as HTMLTextAreaElement).value).toBe("On it");
    // Reviewed: the next send goes through.
    await user.click(screen.getByTestId("send"));
    expect(actions.send).toHaveBeenCalledWith("On it");
  });

  it("does not hold for the thread's history loading after the rep began to write", async () => {
    // The conversation is known (its last message 10 minutes ago) before its messages are: the rep types at once.
    const { actions, rerender, user } = setup([]);
    await user.click(screen.getByTestId("composer"));
    await user.keyboard("Hi Maria");
    const history = [
      message("cv_1", "inbound", "Is my car ready?", { createdAt: ago(30) }),
      message("cv_1", "outbound", "Checking", { authorId: bob.id, createdAt: ago(10) }),
    ];
    act(() => rerender(history));
    await user.keyboard("{Enter}");
    expect(screen.queryByTestId("collision-warning")).toBeNull();
    expect(actions.send).toHaveBeenCalledWith("Hi Maria");
  });

  it("still holds for a customer message newer than the history, arriving with it", async () => {
    const { actions, rerender, user } = setup([]);
    await user.click(screen.getByTestId("composer"));
    await user.keyboard("Hi Maria");
    act(() => rerender([message("cv_1", "inbound", "Is my car ready?", { createdAt: ago(30) }), message("cv_1", "inbound", "Hello?", { createdAt: ago(1) })]));
    await user.keyboard("{Enter}");
    expect(actions.send).not.toHaveBeenCalled();
    expect(screen.getByTestId("collision-warning").textContent).toContain("Maria Garcia sent a new message");
  });

  it("does not hold for my own messages arriving", async () => {
    const { actions, rerender, user } = setup([first]);
    await user.click(screen.getByTestId("composer"));
    await user.keyboard("Second thought");
    act(() => rerender([first, message("cv_1", "outbound", "My earlier reply", { authorId: alice.id, createdAt: ago(1) })]));
    await user.keyboard("{Enter}");
    expect(actions.send).toHaveBeenCalledWith("Second thought");
  });

  it("does not hold a note", async () => {
    const { actions, rerender, user } = setup([first]);
    await user.click(screen.getByTestId("note-mode"));
    await user.click(screen.getByTestId("composer"));
    await user.keyboard("FYI");
    act(() => rerender([first, message("cv_1", "inbound", "Hello?")]));
    await user.keyboard("{Enter}");
    expect(actions.addNote).toHaveBeenCalledWith("FYI");
  });

  it("says who else is here: typing and viewing teammates", () => {
    const actions = { send: vi.fn(), addNote: vi.fn(), retry: vi.fn(), discard: vi.fn(), update: vi.fn(), loadOlder: vi.fn(), setPresence: vi.fn() };
    const now = new Date().toISOString();
    render(
      <ThreadView
        thread={{
          conversation: conv,
          contact: maria,
          messages: [first],
          notes: [],
          activities: [],
          outbox: [],
          hasMore: false,
          presence: [
            { conversationId: "cv_1", userId: bob.id, state: "typing", at: now },
            { conversationId: "cv_1", userId: alice.id, state: "viewing", at: now },
          ],
        }}
        me={alice}
        users={users}
        inboxes={[mainInbox]}
        templates={templates}
        actions={actions}
      />,
    );
    expect(screen.getByTestId("presence").textContent).toContain("Bob is typing…");
    expect(screen.getByTestId("presence").textContent).not.toContain("Alice");
    expect(actions.setPresence).toHaveBeenCalledWith("viewing");
  });
});

describe("drafts", () => {
  it("keep a half-written reply when the view goes away and comes back", async () => {
    const { user } = setup([message("cv_1", "inbound", "Hi")]);
    await user.click(screen.getByTestId("composer"));
    await user.keyboard("Half a thought");
    cleanup();
    setup([message("cv_1", "inbound", "Hi")]);
    expect((screen.getByTestId("composer") as HTMLTextAreaElement).value).toBe("Half a thought");
    expect(JSON.parse(localStorage.getItem("sidetext.drafts")!).state.drafts.cv_1.text).toBe("Half a thought");
  });

  it("stay in note mode after a note is added", async () => {
    const { actions, user } = setup([message("cv_1", "inbound", "Hi")]);
    await user.click(screen.getByTestId("note-mode"));
    await user.click(screen.getByTestId("composer"));
    await user.keyboard("First note{Enter}Second note{Enter}");
    expect(actions.addNote).toHaveBeenCalledTimes(2);
    expect(actions.send).not.toHaveBeenCalled();
  });
});
