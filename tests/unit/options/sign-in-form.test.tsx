// @vitest-environment jsdom
// The options page's sign-in form: plain http:// to another machine is refused with the reason before the
// password goes anywhere (item 18), and texts waiting for their author are named (item 13).
import "../../support/extension-env";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

const permission = vi.fn(async (_origin: string) => true);
vi.mock("../../../src/platform/permissions", () => ({ ensureOriginPermission: (origin: string) => permission(origin) }));
const { SignInForm } = await import("../../../src/options/SignInForm");
const { ClientProvider } = await import("../../../src/ui/common/client-context");

const sent: unknown[] = [];
const client = {
  useSubscription: () => undefined,
  send: async (c: unknown) => {
    sent.push(c);
    return { ok: true, data: { user: { id: "u", email: "a", name: "A", role: "agent" } } } as never;
  },
};
const renderForm = (props: Parameters<typeof SignInForm>[0]) =>
  render(
    <ClientProvider client={client}>
      <SignInForm {...props} />
    </ClientProvider>,
  );
afterEach(() => {
  cleanup();
  sent.length = 0;
  permission.mockClear();
});

async function signIn(serverUrl: string) {
  const user = userEvent.setup();
  await user.clear(screen.getByTestId("server-url"));
  await user.type(screen.getByTestId("server-url"), serverUrl);
  await user.type(screen.getByTestId("email"), "alice@demo.test");
  await user.type(screen.getByTestId("password"), "sidetext-demo");
  await user.click(screen.getByTestId("sign-in"));
}

describe("sign-in form", () => {
  it("refuses a remote server over plain http:// and says why; nothing is sent", async () => {
    renderForm({ reason: null, initialServerUrl: null });
    await signIn("http://inbox.example.com");
    expect((await screen.findByRole("alert")).textContent).toMatch(/https:\/\/ only.*unencrypted.*localhost/);
    expect(permission).not.toHaveBeenCalled();
    expect(sent).toEqual([]);
  });

  it.each(["https://inbox.example.com", "http://localhost:8787", "http://127.0.0.1:8787"])("signs in to %s", async (serverUrl) => {
    renderForm({ reason: null, initialServerUrl: null });
    await signIn(serverUrl);
    expect(sent).toMatchObject([{ type: "auth.signIn", serverUrl }]);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says which texts wait for which account, and starts on that server", () => {
    renderForm({ reason: null, initialServerUrl: null, waiting: [{ serverUrl: "https://inbox.example.com", email: "alice@demo.test", count: 2 }] });
    expect(screen.getByTestId("waiting-to-send").textContent).toBe("2 texts wait to be sent after you sign in as alice@demo.test (https://inbox.example.com).");
    expect((screen.getByTestId("server-url") as HTMLInputElement).value).toBe("https://inbox.example.com");
  });
});
