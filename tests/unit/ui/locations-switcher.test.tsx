// @vitest-environment jsdom
// Issue 18: the location switcher (only for reps of several locations; remembered per user) and the
// thread's "Transfer…" with its new-number warning.
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, expect, it, vi } from "vitest";
import type { Command } from "../../../src/protocol/messages";
import type { Conversation, Inbox } from "../../../src/protocol/entities";
import type { SidetextClient } from "../../../src/ui/common/client";
import { ClientProvider, viewClientOver } from "../../../src/ui/common/client-context";
import { inboxFilterFor, inLocation, locationsOf, useLocationChoice } from "../../../src/ui/common/location-choice";
import { LocationSwitcher } from "../../../src/ui/common/LocationSwitcher";
import { TransferControl } from "../../../src/ui/common/TransferControl";

afterEach(cleanup);

const inbox = (id: string, locationId: string, locationName: string): Inbox => ({
  id,
  name: `${id} line`,
  phoneNumber: "+14155550100",
  carrier: "simulator",
  helpText: "",
  memberIds: [],
  locationId,
  locationName,
  createdAt: "2026-12-01T00:00:00.000Z",
});
const inboxes = [inbox("main", "loc_main", "Downtown"), inbox("up", "loc_up", "Uptown"), inbox("support", "loc_main", "Downtown")];

it("lists each location once, by name, and keeps only the chosen location's inboxes and conversations", () => {
  expect(locationsOf(inboxes)).toEqual([
    { id: "loc_main", name: "Downtown", inboxIds: ["main", "support"] },
    { id: "loc_up", name: "Uptown", inboxIds: ["up"] },
  ]);
  const data = { inboxes, conversations: [{ inboxId: "main" }, { inboxId: "up" }, { inboxId: "support" }] };
  expect(inLocation(data, "loc_up")).toEqual({ inboxes: [inboxes[1]], conversations: [{ inboxId: "up" }] });
  expect(inLocation(data, "")).toBe(data);
  expect(inLocation(data, "loc_gone")).toBe(data);
  expect(inboxFilterFor(inboxes, "loc_up")).toBe("up");
  expect(inboxFilterFor(inboxes, "loc_main")).toBe("");
});

it("shows nothing for a rep of one location, and the locations with All for a rep of several", async () => {
  const { rerender } = render(<LocationSwitcher inboxes={[inboxes[0], inboxes[2]]} value="" onChange={() => {}} />);
  expect(screen.queryByTestId("location-switcher")).toBeNull();
  const onChange = vi.fn();
  rerender(<LocationSwitcher inboxes={inboxes} value="loc_up" onChange={onChange} />);
  const select = screen.getByTestId("location-switcher") as HTMLSelectElement;
  expect([...select.options].map((o) => o.text)).toEqual(["All locations", "Downtown", "Uptown"]);
  expect(select.value).toBe("loc_up");
  await userEvent.selectOptions(select, "Downtown");
  expect(onChange).toHaveBeenCalledWith("loc_main");
});

function Remembered({ userId, storage }: { userId: string; storage: Storage }) {
  const [locationId, choose] = useLocationChoice(userId, storage);
  return <LocationSwitcher inboxes={inboxes} value={locationId} onChange={choose} />;
}

it("remembers the choice per user", async () => {
  const storage = window.localStorage;
  storage.clear();
  const { rerender } = render(<Remembered userId="usr_a" storage={storage} />);
  await userEvent.selectOptions(screen.getByTestId("location-switcher"), "Uptown");
  rerender(<Remembered userId="usr_b" storage={storage} />);
  expect((screen.getByTestId("location-switcher") as HTMLSelectElement).value).toBe("");
  rerender(<Remembered userId="usr_a" storage={storage} />);
  expect((screen.getByTestId("location-switcher") as HTMLSelectElement).value).toBe("loc_up");
});

/** The hook with the browser's own storage (none in a third-party frame). */
function InPanel() {
  const [locationId, choose] = useLocationChoice("usr_a");
  return <LocationSwitcher inboxes={inboxes} value={locationId} onChange={choose} />;
}

it("still switches in a third-party frame (the CRM panel), where reading localStorage throws", async () => {
  const denied = vi.spyOn(window, "localStorage", "get").mockImplementation(() => {
    throw new DOMException("Access is denied for this document.", "SecurityError");
  });
  try {
    render(<InPanel />);
    await userEvent.selectOptions(screen.getByTestId("location-switcher"), "Uptown");
    expect((screen.getByTestId("location-switcher") as HTMLSelectElement).value).toBe("loc_up");
  } finally {
    denied.mockRestore();
  }
});

const conversation = { id: "conv_1", inboxId: "in_up" } as Conversation;
const targets = [
  { inboxId: "in_air", inboxName: "Airport desk", phoneNumber: "+16505550100", locationId: "loc_air", locationName: "Airport" },
  { inboxId: "in_up", inboxName: "Uptown line", phoneNumber: "+14155550122", locationId: "loc_up", locationName: "Uptown" },
];

function worker(answer: (c: Command) => unknown) {
  const sent: Command[] = [];
  const port: SidetextClient = {
    send: (command) => {
      sent.push(command as Command);
      return Promise.resolve(answer(command as Command) as never);
    },
    subscribe: () => () => {},
    close: () => {},
  };
  return { client: viewClientOver(() => port), sent };
}

it("offers the other locations' inboxes, warns of the new number, and transfers", async () => {
  const w = worker((c) =>
    c.type === "transfer.targets"
      ? { ok: true, data: { targets } }
      : { ok: true, data: { conversation: { ...conversation, inboxId: "in_air" }, warning: "x" } },
  );
  const done = vi.fn();
  render(
    <ClientProvider client={w.client}>
      <TransferControl conversation={conversation} onTransferred={done} />
    </ClientProvider>,
  );
  await userEvent.click(screen.getByTestId("transfer-open"));
  const select = (await screen.findByTestId("transfer-target")) as HTMLSelectElement;
  expect([...select.options].map((o) => o.text)).toEqual(["Choose an inbox…", "Airport · Airport desk"]);
  expect((screen.getByTestId("transfer-confirm") as HTMLButtonElement).disabled).toBe(true);
  await userEvent.selectOptions(select, "in_air");
  expect(screen.getByTestId("transfer-warning").textContent).toMatch(
    /^Replies will come from .*650.*555-0100 \(Airport desk\), not .*415.*555-0122: the customer sees a new number\.$/,
  );
  await userEvent.click(screen.getByTestId("transfer-confirm"));
  expect(w.sent.at(-1)).toEqual({ type: "conversation.transfer", conversationId: "conv_1", inboxId: "in_air" });
  expect(done).toHaveBeenCalledWith("Airport desk (Airport)");
  expect(screen.queryByTestId("transfer-dialog")).toBeNull();
});

it("says why when the server refuses, and keeps the choice open", async () => {
  const w = worker((c) =>
    c.type === "transfer.targets"
      ? { ok: true, data: { targets } }
      : { ok: false, error: { code: "conflict", message: "This contact already has a conversation there" } },
  );
  render(
    <ClientProvider client={w.client}>
      <TransferControl conversation={conversation} />
    </ClientProvider>,
  );
  await userEvent.click(screen.getByTestId("transfer-open"));
  await userEvent.selectOptions(await screen.findByTestId("transfer-target"), "in_air");
  await userEvent.click(screen.getByTestId("transfer-confirm"));
  expect((await screen.findByTestId("transfer-error")).textContent).toBe("Not transferred: This contact already has a conversation there");
  await userEvent.keyboard("{Escape}");
  expect(screen.queryByTestId("transfer-dialog")).toBeNull();
});
