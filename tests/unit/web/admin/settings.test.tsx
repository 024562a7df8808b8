// @vitest-environment jsdom
// Workspace settings: the saved values fill the form, Save sends only what changed, a refusal is shown.
import { cleanup, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { failure, fakeApi, ok, renderConsole } from "./fake-api";

const saved = {
  id: "workspace",
  defaultCountry: "US",
  helpText: "Reply with your question.",
  optOutText: "Reply STOP to opt out",
  hidePushPreview: false,
  updatedAt: null,
};
afterEach(cleanup);

describe("workspace settings", () => {
  it("sends only the changed settings and says they are saved", async () => {
    const api = fakeApi({
      "GET /v1/workspace/settings": ok({ settings: saved }),
      "PATCH /v1/workspace/settings": (req) => ok({ settings: { ...saved, ...(req.body as object), updatedAt: "2026-11-30T10:00:00.000Z" } }),
    });
    renderConsole(api, "#/admin/settings");
    const user = userEvent.setup();
    const country = await screen.findByLabelText("Default country");
    expect((country as HTMLSelectElement).value).toBe("US");
    await user.selectOptions(country, "CA");
    await user.clear(screen.getByLabelText("Opt-out wording"));
    await user.type(screen.getByLabelText("Opt-out wording"), "Text STOP to unsubscribe");
    await user.click(screen.getByLabelText(/Hide the text in push notifications/));
    await user.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByText("Saved.")).toBeTruthy();
    expect(api.writes()).toEqual([
      { method: "PATCH", path: "/v1/workspace/settings", body: { defaultCountry: "CA", optOutText: "Text STOP to unsubscribe", hidePushPreview: true } },
    ]);
    expect(api.seen.every((r) => r.token === "tok_admin")).toBe(true);
    expect(api.unexpected).toEqual([]);
  });

  it("shows the server's reason when a change is refused, and keeps the draft", async () => {
    const api = fakeApi({
      "GET /v1/workspace/settings": ok({ settings: saved }),
      "PATCH /v1/workspace/settings": failure(400, "validation_failed", "helpText: must be at most 1600 characters"),
    });
    renderConsole(api, "#/admin/settings");
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("HELP answer"), " More.");
    await user.click(screen.getByRole("button", { name: "Save settings" }));
    expect((await screen.findByRole("alert")).textContent).toBe("helpText: must be at most 1600 characters");
    expect((screen.getByLabelText("HELP answer") as HTMLTextAreaElement).value).toBe("Reply with your question. More.");
    expect(screen.getByText("Unsaved changes.")).toBeTruthy();
  });

  it("says what to do when the settings cannot be loaded, and loads them on Try again", async () => {
    const api = fakeApi({ "GET /v1/workspace/settings": [failure(500, "internal", "The server had a problem."), ok({ settings: saved })] });
    renderConsole(api, "#/admin/settings");
    expect(await screen.findByText("Could not load the settings")).toBeTruthy();
    expect(screen.getByText(/Check your connection and try again/)).toBeTruthy();
    await userEvent.setup().click(screen.getByRole("button", { name: "Try again" }));
    await waitFor(() => expect((screen.getByLabelText("Default country") as HTMLSelectElement).value).toBe("US"));
  });

  it.each([
    [401, "unauthorized", "Sign in again to manage the workspace"],
    [403, "forbidden", "Only owners and admins manage the workspace"],
  ])("says what to do on %i instead of offering to try again", async (status, code, title) => {
    const api = fakeApi({ "GET /v1/workspace/settings": failure(status, code, "No.") });
    renderConsole(api, "#/admin/settings");
    expect(await screen.findByText(title)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Reload" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
  });
});
