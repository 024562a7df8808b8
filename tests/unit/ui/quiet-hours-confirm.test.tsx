// @vitest-environment jsdom
// A rep's reply inside quiet hours where the recipient is asks before it goes: send anyway, send when the
// window opens (a scheduled send), or cancel. Outside quiet hours Enter sends at once, as before.
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RecipientCheck } from "../../../src/protocol/scheduled-sends";
import { ClientProvider, type ViewClient } from "../../../src/ui/common/client-context";
import { Composer, type ComposeMode } from "../../../src/ui/thread/Composer";
import { alice, contact, templates } from "../../support/ui-fixtures";

afterEach(cleanup);

const quiet: RecipientCheck = {
  phoneNumber: "+14155550123",
  timeZones: ["America/Los_Angeles"],
  localTime: "22:40",
  quietHours: { enabled: true, from: "08:00", to: "21:00" },
  inQuietHours: true,
  opensAt: "2030-03-08T16:00:00.000Z", // 08:00 in Los Angeles
  optedOut: false,
  lineType: "mobile",
};

/** A worker that answers the recipient check and records what the composer asked of it. */
function fakeWorker(recipient: RecipientCheck) {
  const sent: Array<{ type: string } & Record<string, unknown>> = [];
  const client: ViewClient = {
    useSubscription: () => undefined,
    send: (async (command: { type: string } & Record<string, unknown>) => {
      sent.push(command);
      if (command.type === "recipient.check") return { ok: true, data: { recipient } };
      if (command.type === "scheduled.list") return { ok: true, data: { scheduled: [] } };
      if (command.type === "scheduled.create") return { ok: true, data: { scheduled: { id: "sch_1" } } };
      return { ok: false, error: { code: "not_served", message: "not in this test" } };
    }) as ViewClient["send"],
  };
  return { client, sent };
}

function Harness({ onSubmit }: { onSubmit: (b: string, m: ComposeMode) => void }) {
  const [value, setValue] = useState("");
  const [mode, setMode] = useState<ComposeMode>("reply");
  return (
    <Composer
      value={value}
      onChange={setValue}
      mode={mode}
      onModeChange={setMode}
      templates={templates}
      templateContext={{ contact: contact("ct", "+14155550123", "Jordan Lee"), agent: alice }}
      conversationId="cnv_1"
      onSubmit={(b, m) => {
        onSubmit(b, m);
        setValue("");
      }}
    />
  );
}

async function setup(recipient: RecipientCheck) {
  const worker = fakeWorker(recipient);
  const onSubmit = vi.fn();
  render(
    <ClientProvider client={worker.client}>
      <Harness onSubmit={onSubmit} />
    </ClientProvider>,
  );
  await waitFor(() => expect(worker.sent.some((c) => c.type === "recipient.check")).toBe(true));
  const box = screen.getByTestId("composer") as HTMLTextAreaElement;
  const user = userEvent.setup();
  await user.click(box);
  await user.keyboard("Your order is ready");
  // The check's answer has reached the composer (the pre-send check under it shows it too).
  if (recipient.inQuietHours) await screen.findByTestId("presend-check");
  return { ...worker, onSubmit, box, user };
}

describe("quiet hours where the recipient is", () => {
  it("Enter asks first; Send anyway sends", async () => {
    const { onSubmit, user } = await setup(quiet);
    await user.keyboard("{Enter}");
    const dialog = await screen.findByTestId("quiet-hours-confirm");
    expect(dialog.textContent).toContain("It's 22:40 for Jordan (America/Los_Angeles), outside the 08:00–21:00 texting window.");
    expect(onSubmit).not.toHaveBeenCalled();
    await user.click(screen.getByTestId("quiet-send-anyway"));
    expect(onSubmit).toHaveBeenCalledWith("Your order is ready", "reply");
    expect(screen.queryByTestId("quiet-hours-confirm")).toBeNull();
  });

  it("Send when it opens schedules it for 08:00 their time and clears the draft; nothing is sent now", async () => {
    const { onSubmit, user, sent, box } = await setup(quiet);
    await user.click(screen.getByTestId("send"));
    const later = await screen.findByTestId("quiet-send-later");
    expect(later.textContent).toBe("Send when it opens (Fri 08:00 their time)");
    expect(document.activeElement).toBe(later); // Enter pressed again out of habit schedules, it does not wake them
    await user.keyboard("{Enter}");
    await waitFor(() => expect(box.value).toBe(""));
    expect(sent.find((c) => c.type === "scheduled.create")).toEqual({
      type: "scheduled.create",
      conversationId: "cnv_1",
      body: "Your order is ready",
      sendAt: quiet.opensAt,
      cancelOn: ["customerReply"],
    });
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("Escape cancels: nothing sent, the draft kept", async () => {
    const { onSubmit, user, box } = await setup(quiet);
    await user.keyboard("{Enter}");
    await screen.findByTestId("quiet-hours-confirm");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("quiet-hours-confirm")).toBeNull();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(box.value).toBe("Your order is ready");
  });

  it("outside quiet hours Enter sends at once", async () => {
    const { onSubmit, user } = await setup({ ...quiet, localTime: "10:15", inQuietHours: false, opensAt: null });
    await user.keyboard("{Enter}");
    expect(onSubmit).toHaveBeenCalledWith("Your order is ready", "reply");
    expect(screen.queryByTestId("quiet-hours-confirm")).toBeNull();
  });
});
