// @vitest-environment jsdom
// Joining through an invite link: name and password (typed twice) go to the invite's accept endpoint with no
// token, and the new session reaches the app; a used or expired link says to ask for a new one.
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AcceptInvite } from "../../../../web/admin/AcceptInvite";
import { failure, fakeApi } from "./fake-api";

afterEach(cleanup);
const dana = { id: "usr_dana", email: "dana@demo.test", name: "Dana Diaz", role: "admin" };

async function join(password: string, again = password) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Your name"), "Dana Diaz");
  await user.type(screen.getByLabelText("Password"), password);
  await user.type(screen.getByLabelText("Password again"), again);
  await user.click(screen.getByRole("button", { name: "Join and sign in" }));
}

describe("accept invite", () => {
  it("joins with a name and password and hands the new session to the app", async () => {
    const api = fakeApi({ "POST /v1/invites/tok_abcdefghijklmnop/accept": { status: 201, body: { token: "tok_session", user: dana } } });
    const onSignedIn = vi.fn();
    render(<AcceptInvite baseUrl="http://admin.test" inviteToken="tok_abcdefghijklmnop" onSignedIn={onSignedIn} fetch={api.fetch} />);
    await join("long enough pw");
    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalledWith({ token: "tok_session", user: dana }));
    expect(api.seen).toEqual([
      { method: "POST", path: "/v1/invites/tok_abcdefghijklmnop/accept", body: { name: "Dana Diaz", password: "long enough pw" }, token: null },
    ]);
  });

  it("says the passwords differ and sends nothing", async () => {
    const api = fakeApi({});
    render(<AcceptInvite baseUrl="http://admin.test" inviteToken="tok_abcdefghijklmnop" onSignedIn={() => {}} fetch={api.fetch} />);
    await join("long enough pw", "long enough pv");
    expect(screen.getByRole("alert").textContent).toMatch(/The two passwords differ/);
    expect(api.seen).toEqual([]);
  });

  it("says a used or expired link is no good, in the server's words", async () => {
    const api = fakeApi({
      "POST /v1/invites/tok_abcdefghijklmnop/accept": failure(404, "not_found", "This invite link is not valid any more: ask for a new one"),
    });
    const onSignedIn = vi.fn();
    render(<AcceptInvite baseUrl="http://admin.test" inviteToken="tok_abcdefghijklmnop" onSignedIn={onSignedIn} fetch={api.fetch} />);
    await join("long enough pw");
    expect((await screen.findByRole("alert")).textContent).toBe("This invite link is not valid any more: ask for a new one");
    expect(onSignedIn).not.toHaveBeenCalled();
  });
});
