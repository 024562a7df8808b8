// @vitest-environment jsdom
// Joining through an invite link: name and password (typed twice) go to the invite's accept endpoint with no
// token, the invite's session is ended and the app signs in with the new password; a used or expired link
// says to ask for a new one.
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
  it("joins with a name and password, ends the invite's own session and hands the password to the app's sign-in", async () => {
    const api = fakeApi({
      "POST /v1/invites/tok_abcdefghijklmnop/accept": { status: 201, body: { token: "tok_session", user: dana } },
      "POST /v1/auth/logout": { status: 204 },
    });
    const onJoined = vi.fn();
    render(<AcceptInvite baseUrl="http://admin.test" inviteToken="tok_abcdefghijklmnop" onJoined={onJoined} fetch={api.fetch} />);
    await join("long enough pw");
    await vi.waitFor(() => expect(onJoined).toHaveBeenCalledWith({ user: dana, password: "long enough pw" }));
    expect(api.seen).toEqual([
      { method: "POST", path: "/v1/invites/tok_abcdefghijklmnop/accept", body: { name: "Dana Diaz", password: "long enough pw" }, token: null },
      { method: "POST", path: "/v1/auth/logout", body: undefined, token: "tok_session" },
    ]);
  });

  it("says so when joining worked but signing in did not", async () => {
    const api = fakeApi({
      "POST /v1/invites/tok_abcdefghijklmnop/accept": { status: 201, body: { token: "tok_session", user: dana } },
      "POST /v1/auth/logout": { status: 204 },
    });
    const onJoined = () => Promise.reject(new Error("You joined, but signing in failed: offline. Sign in with your email and new password."));
    render(<AcceptInvite baseUrl="http://admin.test" inviteToken="tok_abcdefghijklmnop" onJoined={onJoined} fetch={api.fetch} />);
    await join("long enough pw");
    expect((await screen.findByRole("alert")).textContent).toMatch(/You joined, but signing in failed/);
  });

  it("says the passwords differ and sends nothing", async () => {
    const api = fakeApi({});
    render(<AcceptInvite baseUrl="http://admin.test" inviteToken="tok_abcdefghijklmnop" onJoined={() => {}} fetch={api.fetch} />);
    await join("long enough pw", "long enough pv");
    expect(screen.getByRole("alert").textContent).toMatch(/The two passwords differ/);
    expect(api.seen).toEqual([]);
  });

  it("says a used or expired link is no good, in the server's words", async () => {
    const api = fakeApi({
      "POST /v1/invites/tok_abcdefghijklmnop/accept": failure(404, "not_found", "This invite link is not valid any more: ask for a new one"),
    });
    const onJoined = vi.fn();
    render(<AcceptInvite baseUrl="http://admin.test" inviteToken="tok_abcdefghijklmnop" onJoined={onJoined} fetch={api.fetch} />);
    await join("long enough pw");
    expect((await screen.findByRole("alert")).textContent).toBe("This invite link is not valid any more: ask for a new one");
    expect(onJoined).not.toHaveBeenCalled();
  });
});
