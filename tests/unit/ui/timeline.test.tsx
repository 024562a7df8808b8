// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Timeline } from "../../../src/ui/thread/Timeline";
import type { OutboxItem } from "../../../src/protocol/snapshots";
import { ago, alice, bob, message, note, users } from "../../support/ui-fixtures";

afterEach(cleanup);

const noop = () => {};
function renderTimeline(thread: Partial<Parameters<typeof Timeline>[0]["thread"]>, handlers: Partial<Parameters<typeof Timeline>[0]> = {}) {
  return render(
    <Timeline
      thread={{ messages: [], notes: [], activities: [], outbox: [], hasMore: false, ...thread }}
      users={users}
      meId={alice.id}
      onLoadOlder={noop}
      onRetry={noop}
      onDiscard={noop}
      {...handlers}
    />,
  );
}

describe("Timeline", () => {
  it.each(["queued", "sending", "sent", "delivered", "failed"] as const)("shows an outbound %s message with data-status", (status) => {
    renderTimeline({ messages: [message("cv", "outbound", "Hello there", { status })] });
    const bubble = screen.getByTestId("message");
    expect(bubble.dataset.status).toBe(status);
    expect(bubble.textContent).toContain("Hello there");
  });

  it("shows a failed message's reason and offers a resend", () => {
    const onResend = vi.fn();
    renderTimeline({ messages: [message("cv", "outbound", "Hi", { status: "failed", errorReason: "The number is a landline" })] }, { onResend });
    expect(screen.getByRole("alert").textContent).toContain("The number is a landline");
    fireEvent.click(screen.getByRole("button", { name: "Resend" }));
    expect(onResend).toHaveBeenCalledWith("Hi");
  });

  it("warns when a sent message has no delivery receipt for too long", () => {
    renderTimeline({ messages: [message("cv", "outbound", "Hi", { status: "sent", deliveryOverdue: true })] });
    expect(screen.getByText(/No delivery receipt yet/)).toBeTruthy();
  });

  it("offers Retry and Discard for a send that failed in the outbox", () => {
    const onRetry = vi.fn();
    const onDiscard = vi.fn();
    const item: OutboxItem = { ...outboxItem("cl_1", "Queued text"), state: "failed", error: { code: "network", message: "Server unreachable", status: 0 } };
    renderTimeline({ outbox: [item] }, { onRetry, onDiscard });
    expect(screen.getByTestId("message").dataset.status).toBe("failed");
    expect(screen.getByText(/Server unreachable/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    fireEvent.click(screen.getByRole("button", { name: "Discard" }));
    expect(onRetry).toHaveBeenCalledWith("cl_1");
    expect(onDiscard).toHaveBeenCalledWith("cl_1");
  });

  it("shows an outbox item once its message has arrived (same client id) only as the message", () => {
    const item: OutboxItem = outboxItem("cl_2", "Once");
    renderTimeline({ outbox: [item], messages: [message("cv", "outbound", "Once", { clientId: "cl_2", status: "sent" })] });
    expect(screen.getAllByTestId("message")).toHaveLength(1);
    expect(screen.getByTestId("message").dataset.status).toBe("sent");
  });

  it("renders notes apart from messages, with author and tag", () => {
    renderTimeline({ messages: [message("cv", "inbound", "Customer text")], notes: [note("cv", "Call her back", bob.id)] });
    const n = screen.getByTestId("note");
    expect(n.textContent).toContain("Internal note");
    expect(n.textContent).toContain("Bob Rivera");
    expect(n.querySelector(".st-bubble")).toBeNull();
    expect(screen.getByTestId("message").dataset.status).toBeUndefined(); // inbound carries no status
  });

  it("renders a body as text, never as HTML", () => {
    const body = `<img src=x onerror=alert(1)><b>bold</b>`;
    const { container } = renderTimeline({ messages: [message("cv", "inbound", body)], notes: [note("cv", "<script>alert(2)</script>")] });
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
    expect(container.querySelector("script")).toBeNull();
    expect(screen.getByTestId("message").textContent).toContain(body);
    expect(screen.getByTestId("note").textContent).toContain("<script>alert(2)</script>");
  });

  it("orders messages, notes and activity by time and words activity lines", () => {
    renderTimeline({
      messages: [message("cv", "inbound", "first", { createdAt: ago(30) }), message("cv", "outbound", "third", { createdAt: ago(10) })],
      activities: [
        { seq: 1, conversationId: "cv", action: "assigned", actorId: bob.id, assigneeId: alice.id, createdAt: ago(20) },
        { seq: 2, conversationId: "cv", action: "read", actorId: bob.id, assigneeId: null, createdAt: ago(15) },
        { seq: 3, conversationId: "cv", action: "resolved", actorId: alice.id, assigneeId: alice.id, createdAt: ago(5) },
      ],
    });
    const log = screen.getByTestId("thread");
    const text = log.textContent!;
    expect(text.indexOf("first")).toBeLessThan(text.indexOf("Bob assigned this to you"));
    expect(text.indexOf("Bob assigned this to you")).toBeLessThan(text.indexOf("third"));
    expect(text).toContain("You resolved this conversation");
    expect(within(log).queryByText(/read/)).toBeNull();
  });

  it("asks for older history when scrolled to the top", () => {
    const onLoadOlder = vi.fn();
    renderTimeline({ messages: [message("cv", "inbound", "x")], hasMore: true }, { onLoadOlder });
    const log = screen.getByTestId("thread");
    log.scrollTop = 0;
    fireEvent.scroll(log);
    expect(onLoadOlder).toHaveBeenCalled();
  });
});

function outboxItem(clientId: string, body: string): OutboxItem {
  return {
    clientId,
    kind: "reply",
    conversationId: "cv",
    inboxId: "in",
    to: null,
    body,
    mediaUrls: [],
    state: "sending",
    error: null,
    attempts: 1,
    createdAt: ago(1),
  };
}
