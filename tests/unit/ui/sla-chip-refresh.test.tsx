// @vitest-environment jsdom
// The SLA chip of a conversation that just got a customer's text: the first ask can beat the server's analytics
// consumer (no wait known yet), so the chip asks once more a moment later instead of staying blank for a minute.
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
      return { ok: true, data: { waits: consumerCaughtUp ? [{ conversationId: "cv_1", waitingSince, dueAt }] : [] } };
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
  consumerCaughtUp = true;
  expect(screen.queryByTestId("sla-chip")).toBeNull();
  await waitFor(() => expect(screen.getByTestId("sla-chip").textContent).toMatch(/^waiting 1 min · SLA in 1[34] min$/), { timeout: 5_000 });
  expect(asks).toBe(3);
});
