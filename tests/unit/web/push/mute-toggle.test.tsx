// @vitest-environment jsdom
// Muting one conversation's notifications from its thread: the state comes from the server, the button says
// what a press does, and a failed call says so without changing the state.
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { MuteToggle } from "../../../../web/push/MuteToggle";
import { fakeApi } from "../admin/fake-api";

afterEach(cleanup);
const button = () => screen.getByTestId("mute-conversation");

describe("MuteToggle", () => {
  it("mutes and unmutes the conversation for this user", async () => {
    const api = fakeApi({
      "GET /v1/push/mutes": { status: 200, body: { conversationIds: ["cnv_other"] } },
      "PUT /v1/push/mutes/cnv_1": { status: 204 },
      "DELETE /v1/push/mutes/cnv_1": { status: 204 },
    });
    render(<MuteToggle baseUrl="http://app.test" token="tok" conversationId="cnv_1" fetch={api.fetch} />);
    await expect.poll(() => button().hasAttribute("disabled")).toBe(false);
    expect(button().textContent).toBe("Mute notifications");
    const user = userEvent.setup();
    await user.click(button());
    await expect.poll(() => button().getAttribute("aria-pressed")).toBe("true");
    expect(button().textContent).toBe("Unmute notifications");
    await user.click(button());
    await expect.poll(() => button().getAttribute("aria-pressed")).toBe("false");
    expect(api.writes()).toEqual([
      { method: "PUT", path: "/v1/push/mutes/cnv_1", body: undefined },
      { method: "DELETE", path: "/v1/push/mutes/cnv_1", body: undefined },
    ]);
    expect(api.seen.every((r) => r.token === "tok")).toBe(true);
  });

  it("shows a muted conversation as muted, and says so when unmuting fails", async () => {
    const api = fakeApi({
      "GET /v1/push/mutes": { status: 200, body: { conversationIds: ["cnv_1"] } },
      "DELETE /v1/push/mutes/cnv_1": { status: 503, body: { error: { code: "internal", message: "down" } } },
    });
    render(<MuteToggle baseUrl="http://app.test" token="tok" conversationId="cnv_1" fetch={api.fetch} />);
    await expect.poll(() => button().getAttribute("aria-pressed")).toBe("true");
    await userEvent.setup().click(button());
    expect((await screen.findByRole("alert")).textContent).toMatch(/Could not unmute: try again/);
    expect(button().getAttribute("aria-pressed")).toBe("true");
  });
});
