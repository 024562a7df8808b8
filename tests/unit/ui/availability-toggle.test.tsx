// @vitest-environment jsdom
// The away switch in the popup and the web app's top bar: shows what the server says, flips it, and goes back
// (saying why) when the server refuses; no switch at all when availability is not known.
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, expect, it } from "vitest";
import type { ViewClient } from "../../../src/ui/common/client-context";
import { ClientProvider } from "../../../src/ui/common/client-context";
import { AwayToggle } from "../../../src/ui/common/AwayToggle";

afterEach(cleanup);

function worker(answer: (command: { type: string; away?: boolean }) => unknown) {
  const sent: Array<{ type: string; away?: boolean }> = [];
  const client: ViewClient = {
    useSubscription: () => undefined,
    send: (async (command: { type: string; away?: boolean }) => {
      sent.push(command);
      return answer(command);
    }) as ViewClient["send"],
  };
  render(
    <ClientProvider client={client}>
      <AwayToggle />
    </ClientProvider>,
  );
  return sent;
}
const availability = (away: boolean) => ({ ok: true, data: { availability: { away, signedIn: true, lastSeenAt: null } } });

it("shows Available, and Away once clicked (saved on the server)", async () => {
  const sent = worker((c) => availability(c.type === "availability.set" ? Boolean(c.away) : false));
  const toggle = await screen.findByTestId("away-toggle");
  expect(toggle.textContent).toBe("Available");
  expect(toggle.getAttribute("aria-pressed")).toBe("false");
  await userEvent.setup().click(toggle);
  await waitFor(() => expect(toggle.textContent).toBe("Away"));
  expect(toggle.getAttribute("aria-pressed")).toBe("true");
  expect(sent).toContainEqual({ type: "availability.set", away: true });
});

it("goes back and says why when the server refuses", async () => {
  worker((c) => (c.type === "availability.get" ? availability(true) : { ok: false, error: { code: "network", message: "The server is unreachable" } }));
  const toggle = await screen.findByTestId("away-toggle");
  expect(toggle.textContent).toBe("Away");
  await userEvent.setup().click(toggle);
  await waitFor(() => expect(toggle.getAttribute("title")).toBe("Could not change it: The server is unreachable"));
  expect(toggle.textContent).toBe("Away");
});

it("shows no switch when availability is not known", async () => {
  const sent = worker(() => ({ ok: false, error: { code: "signed_out", message: "Sign in first" } }));
  await waitFor(() => expect(sent).toHaveLength(1));
  expect(screen.queryByTestId("away-toggle")).toBeNull();
});
