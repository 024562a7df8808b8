// @vitest-environment jsdom
// The SLA chip of a conversation that just got a customer's text: an ask can beat the server's analytics consumer
// (its answer is known only up to `asOf`, before the text), so the chip asks again until the answer covers the
// text, instead of staying blank for a minute. Once it does, the chip asks no more.
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { afterEach, expect, it } from "vitest";
import type { ViewClient } from "../../../src/ui/common/client-context";
import { ClientProvider } from "../../../src/ui/common/client-context";
import { SlaChip } from "../../../src/ui/common/SlaChip";

afterEach(cleanup);

it("shows the wait that the server knew only a moment after the text arrived", async () => {
  const waitingSince = new Date(Date.now() - 60_000).toISOString();
  const dueAt = new Date(Date.now() + 14 * 60_000).toISOString();
  let consumerCaughtUp = false;
  let asks = 0;
  const client = {
    useSubscription: () => undefined,
    send: async () => {
      asks++;
      // Behind: the consumer has read up to 10:01, before the text of 10:05.
      const asOf = consumerCaughtUp ? "2026-12-01T10:06:00.000Z" : "2026-12-01T10:01:00.000Z";
      return { ok: true, data: { waits: consumerCaughtUp ? [{ conversationId: "cv_1", waitingSince, dueAt }] : [], asOf } };
    },
  } as unknown as ViewClient;
  const conversation = { id: "cv_1", status: "open" as const, lastMessageAt: "2026-12-01T10:00:00.000Z" };
  const { rerender } = render(
    <ClientProvider client={client}>
      <SlaChip conversation={conversation} />
    </ClientProvider>,
  );
  await waitFor(() => expect(asks).toBe(1));
  // The customer's text arrives; the chip asks before the consumer has read it, which it does just after.
  await act(async () => {
    rerender(
      <ClientProvider client={client}>
        <SlaChip conversation={{ ...conversation, lastMessageAt: "2026-12-01T10:05:00.000Z" }} />
      </ClientProvider>,
    );
  });
  await waitFor(() => expect(asks).toBe(2));
  // Still behind 2 s later (a busy server's consumer can be seconds behind): the chip keeps asking.
  await waitFor(() => expect(asks).toBe(3), { timeout: 4_000 });
  expect(screen.queryByTestId("sla-chip")).toBeNull();
  consumerCaughtUp = true;
  await waitFor(() => expect(screen.getByTestId("sla-chip").textContent).toMatch(/^waiting 1 min · SLA in 1[34] min$/), { timeout: 5_000 });
  expect(asks).toBe(4);
  // Caught up: no more asks until the minute's refresh.
  await new Promise((r) => setTimeout(r, 2_500));
  expect(asks).toBe(4);
});
