// @vitest-environment jsdom
// Users: teammates with role and status, an invite link shown once with a copy button, a role change,
// deactivation only after confirming, owners out of an admin's reach, and pending invites revoked.
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { User } from "../../../../src/protocol/entities";
import { ada, at, fakeApi, failure, ok, renderConsole, teammate } from "./fake-api";

afterEach(cleanup);
const adaRow = teammate({ ...ada, id: ada.id, name: ada.name });
const alice = teammate({ id: "usr_alice", name: "Alice Chen" });
const invite = {
  id: "inv_1",
  email: "dana@demo.test",
  role: "admin",
  invitedBy: ada.id,
  createdAt: at,
  expiresAt: "2026-12-07T10:00:00.000Z",
  state: "pending",
  acceptedUserId: null,
};
const rowOf = (name: string) => screen.getAllByTestId("teammate").find((r) => r.textContent?.includes(name))!;

describe("users", () => {
  it("makes an invite link, shows it once with a copy button, and lists the invite as pending", async () => {
    const url = "https://inbox.example.com/#/invite/tok_abcdefghijklmnop";
    const api = fakeApi({
      "GET /v1/admin/users": ok({ users: [adaRow, alice] }),
      "GET /v1/invites": [ok({ invites: [] }), ok({ invites: [invite] })],
      "POST /v1/invites": { status: 201, body: { invite, url, token: "tok_abcdefghijklmnop", mailed: false } },
    });
    renderConsole(api, "#/admin/users");
    const user = userEvent.setup();
    const form = await screen.findByTestId("invite-user");
    await user.type(within(form).getByLabelText("Email"), "dana@demo.test");
    await user.selectOptions(within(form).getByLabelText("Role"), "admin");
    await user.click(within(form).getByRole("button", { name: "Make invite link" }));
    const link = await within(form).findByLabelText("Invite link for dana@demo.test");
    expect((link as HTMLInputElement).value).toBe(url);
    expect(document.activeElement).toBe(link); // focused and selected, ready for Ctrl+C
    expect(within(form).getByText(/Shown this once: copy it now/)).toBeTruthy();
    await user.click(within(form).getByRole("button", { name: "Copy the invite link" }));
    expect(await navigator.clipboard.readText()).toBe(url);
    expect(await screen.findByTestId("pending-invite")).toBeTruthy();
    expect(api.writes()).toEqual([{ method: "POST", path: "/v1/invites", body: { email: "dana@demo.test", role: "admin" } }]);
  });

  it("lists roles and status; changes a role at once and deactivates only after confirming", async () => {
    const api = fakeApi({
      "GET /v1/admin/users": [
        ok({ users: [adaRow, alice] }),
        ok({ users: [adaRow, { ...alice, role: "admin" }] }),
        ok({ users: [adaRow, { ...alice, role: "admin", deactivatedAt: at }] }),
      ],
      "GET /v1/invites": ok({ invites: [] }),
      "PATCH /v1/users/usr_alice": ok({ user: { ...alice, role: "admin", createdAt: undefined, deactivatedAt: undefined } }),
      "POST /v1/users/usr_alice/deactivate": ok({ user: { ...alice, role: "admin", deactivatedAt: at } }),
    });
    renderConsole(api, "#/admin/users");
    const user = userEvent.setup();
    await screen.findByTestId("teammates");
    expect(within(rowOf("Ada Admin")).getByText("This is you.")).toBeTruthy();
    expect(within(rowOf("Ada Admin")).queryByRole("combobox")).toBeNull();
    expect(within(rowOf("Alice Chen")).getByTestId("teammate-status").textContent).toBe("Active");
    await user.selectOptions(within(rowOf("Alice Chen")).getByLabelText("Role of Alice Chen"), "admin");
    await waitFor(() => expect((within(rowOf("Alice Chen")).getByLabelText("Role of Alice Chen") as HTMLSelectElement).value).toBe("admin"));
    await user.click(within(rowOf("Alice Chen")).getByRole("button", { name: "Deactivate" }));
    expect(within(rowOf("Alice Chen")).getByText(/Deactivate Alice Chen\? They are signed out everywhere/)).toBeTruthy();
    // The confirm button takes the focus, so Enter confirms from the keyboard.
    expect(document.activeElement?.textContent).toBe("Deactivate");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(within(rowOf("Alice Chen")).getByTestId("teammate-status").textContent).toBe("Deactivated"));
    expect(within(rowOf("Alice Chen")).getByRole("button", { name: "Reactivate" })).toBeTruthy();
    expect(api.writes()).toEqual([
      { method: "PATCH", path: "/v1/users/usr_alice", body: { role: "admin" } },
      { method: "POST", path: "/v1/users/usr_alice/deactivate", body: undefined },
    ]);
  });

  it("leaves owners alone for an admin, who cannot invite an owner either", async () => {
    const bob: User = { id: "usr_bob", email: "bob@demo.test", name: "Bob Rivera", role: "admin" };
    const api = fakeApi({ "GET /v1/admin/users": ok({ users: [adaRow, alice, teammate({ ...bob })] }), "GET /v1/invites": ok({ invites: [] }) });
    renderConsole(api, "#/admin/users", bob);
    await screen.findByTestId("teammates");
    expect(within(rowOf("Ada Admin")).getByText("Only an owner changes an owner.")).toBeTruthy();
    expect(within(rowOf("Ada Admin")).queryByRole("button")).toBeNull();
    const roles = within(screen.getByTestId("invite-user")).getByLabelText("Role") as HTMLSelectElement;
    expect([...roles.options].map((o) => o.value)).toEqual(["admin", "agent"]);
  });

  it("shows the server's refusal beside the teammate, and revokes a pending invite after confirming", async () => {
    const api = fakeApi({
      "GET /v1/admin/users": ok({ users: [adaRow, alice] }),
      "GET /v1/invites": [ok({ invites: [invite] }), ok({ invites: [{ ...invite, state: "revoked" }] })],
      "POST /v1/users/usr_alice/deactivate": failure(409, "conflict", "Alice Chen cannot be deactivated right now"),
      "DELETE /v1/invites/inv_1": { status: 204 },
    });
    renderConsole(api, "#/admin/users");
    const user = userEvent.setup();
    await screen.findByTestId("teammates");
    await user.click(within(rowOf("Alice Chen")).getByRole("button", { name: "Deactivate" }));
    await user.click(within(rowOf("Alice Chen")).getByRole("button", { name: "Deactivate" }));
    expect((await within(rowOf("Alice Chen")).findByRole("alert")).textContent).toBe("Alice Chen cannot be deactivated right now");
    const pending = screen.getByTestId("pending-invite");
    await user.click(within(pending).getByRole("button", { name: "Revoke" }));
    await user.click(within(pending).getByRole("button", { name: "Revoke" }));
    await waitFor(() => expect(screen.queryByTestId("pending-invite")).toBeNull());
    expect(api.writes().map((w) => `${w.method} ${w.path}`)).toEqual(["POST /v1/users/usr_alice/deactivate", "DELETE /v1/invites/inv_1"]);
  });

  it("never shows itself to an agent who administers no location", async () => {
    // An agent may be a location admin (issue 18): the console asks which locations they administer, nothing else.
    const mainLocation = { id: "loc_main", name: "Main location", regionId: null, inboxIds: ["inb_main"], administered: false, createdAt: at };
    const api = fakeApi({ "GET /v1/locations": ok({ organisation: { name: "Demo" }, regions: [], locations: [mainLocation] }) });
    renderConsole(api, "#/admin/users", { id: "usr_alice", email: "alice@demo.test", name: "Alice Chen", role: "agent" });
    await screen.findByText("Only owners and admins manage the workspace");
    expect(screen.queryByTestId("admin-console")).toBeNull();
    await new Promise((r) => setTimeout(r, 50));
    expect(api.seen.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/locations"]);
  });

  it("says until when failed sign-ins lock a teammate out, and unlocks them", async () => {
    const inTenMinutes = new Date(Date.now() + 10 * 60_000).toISOString();
    const api = fakeApi({
      "GET /v1/admin/users": [ok({ users: [adaRow, { ...alice, lockedUntil: inTenMinutes }] }), ok({ users: [adaRow, alice] })],
      "GET /v1/invites": ok({ invites: [] }),
      "POST /v1/users/usr_alice/unlock": ok({ user: alice }),
    });
    renderConsole(api, "#/admin/users");
    const user = userEvent.setup();
    await screen.findByTestId("teammates");
    expect(within(rowOf("Alice Chen")).getByTestId("teammate-status").textContent).toMatch(/^ActiveLocked until .+ after failed sign-ins/);
    await user.click(within(rowOf("Alice Chen")).getByRole("button", { name: "Unlock" }));
    await waitFor(() => expect(within(rowOf("Alice Chen")).getByTestId("teammate-status").textContent).toBe("Active"));
    expect(api.writes()).toEqual([{ method: "POST", path: "/v1/users/usr_alice/unlock", body: undefined }]);
  });
});
