// @vitest-environment jsdom
// The EnablePush panel: each state says what to do (unsupported, blocked, off, on); turning on asks the
// browser only on the click, subscribes with the server's key and registers the device; the device list
// marks this device and removes any of them.
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { EnablePush } from "../../../../web/push/EnablePush";
import { fakeApi } from "../admin/fake-api";
import { fakeBrowser } from "./fake-push-env";

afterEach(cleanup);
const KEY = "BPx0L9ujaWzEMzhFqr1Wx_kgJrLk5QYu6SUH8tZp1B2dqzfyzUkbSWCXpLxnNnU9yY3yqWeM1n7Zkmv9C8xpb1Q";
const device = (id: string, label: string) => ({ id, label, userAgent: "UA", createdAt: "2026-12-01T10:00:00.000Z", lastPushedAt: null });

const panel = () => screen.getByTestId("enable-push");
const stateOf = async (state: string) => expect.poll(() => panel().dataset.state).toBe(state);

describe("EnablePush", () => {
  it("says how to get notifications where the browser has no push (iPhone: add to Home Screen)", async () => {
    const api = fakeApi({ "GET /v1/push/subscriptions": { status: 200, body: { devices: [] } } });
    render(<EnablePush baseUrl="http://app.test" token="tok" fetch={api.fetch} env={fakeBrowser({ push: false }).env} />);
    await stateOf("unsupported");
    expect(panel().textContent).toMatch(/Add to Home Screen/);
    expect(screen.queryByRole("button", { name: /Turn on/ })).toBeNull();
  });

  it("explains how to allow notifications again when the site is blocked", async () => {
    const api = fakeApi({ "GET /v1/push/subscriptions": { status: 200, body: { devices: [] } } });
    render(<EnablePush baseUrl="http://app.test" token="tok" fetch={api.fetch} env={fakeBrowser({ permission: "denied" }).env} />);
    await stateOf("denied");
    expect(screen.getByRole("status").textContent).toMatch(/blocked.*set Notifications to Allow/s);
  });

  it("asks the browser only on the click, subscribes with the server's key and registers this device", async () => {
    const added = device("psub_1", "Chrome on Android");
    const api = fakeApi({
      "GET /v1/push/key": { status: 200, body: { publicKey: KEY } },
      "POST /v1/push/subscriptions": { status: 201, body: { device: added } },
      "GET /v1/push/subscriptions": [
        { status: 200, body: { devices: [] } },
        { status: 200, body: { devices: [added] } },
      ],
    });
    const browser = fakeBrowser({});
    render(<EnablePush baseUrl="http://app.test" token="tok" fetch={api.fetch} env={browser.env} />);
    await stateOf("off");
    expect(browser.asked).toBe(0);
    await userEvent.setup().click(screen.getByRole("button", { name: "Turn on notifications" }));
    await stateOf("on");
    expect(browser.asked).toBe(1);
    expect(browser.subscribedWith[0].userVisibleOnly).toBe(true);
    expect(Buffer.from(browser.subscribedWith[0].applicationServerKey as Uint8Array).toString("base64url")).toBe(KEY);
    expect(api.writes()).toEqual([
      {
        method: "POST",
        path: "/v1/push/subscriptions",
        body: { endpoint: "https://push.example/send/1", keys: { p256dh: "B".repeat(87), auth: "A".repeat(22) }, label: "Chrome on Android" },
      },
    ]);
    expect(api.seen.every((r) => r.token === "tok")).toBe(true);
    const row = await screen.findByText("this device");
    expect(row.closest("li")!.textContent).toMatch(/Chrome on Android/);
  });

  it("stays off and says so when the user dismisses the browser's question", async () => {
    const api = fakeApi({ "GET /v1/push/subscriptions": { status: 200, body: { devices: [] } } });
    const browser = fakeBrowser({ answer: "default" });
    render(<EnablePush baseUrl="http://app.test" token="tok" fetch={api.fetch} env={browser.env} />);
    await stateOf("off");
    await userEvent.setup().click(screen.getByRole("button", { name: "Turn on notifications" }));
    await stateOf("off");
    expect(browser.subscription).toBeNull();
    expect(api.writes()).toEqual([]);
  });

  it("shows the server's reason when registering fails, and stays off", async () => {
    const api = fakeApi({
      "GET /v1/push/key": { status: 200, body: { publicKey: KEY } },
      "POST /v1/push/subscriptions": { status: 400, body: { error: { code: "validation_failed", message: "endpoint must be an https: URL" } } },
      "GET /v1/push/subscriptions": { status: 200, body: { devices: [] } },
    });
    render(<EnablePush baseUrl="http://app.test" token="tok" fetch={api.fetch} env={fakeBrowser({}).env} />);
    await stateOf("off");
    await userEvent.setup().click(screen.getByRole("button", { name: "Turn on notifications" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/endpoint must be an https: URL\. Try again\./);
    expect(panel().dataset.state).toBe("off");
  });

  it("turns off: unsubscribes in the browser and removes this device on the server", async () => {
    const mine = device("psub_mine", "Chrome on Android");
    const api = fakeApi({
      "GET /v1/push/subscriptions": [
        { status: 200, body: { devices: [mine] } },
        { status: 200, body: { devices: [] } },
      ],
      "DELETE /v1/push/subscriptions/psub_mine": { status: 204 },
    });
    const browser = fakeBrowser({ permission: "granted" });
    await browser.env.registration().then((r) => r!.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: new Uint8Array(65) }));
    browser.stored.set("sidetext-push-device", "psub_mine");
    render(<EnablePush baseUrl="http://app.test" token="tok" fetch={api.fetch} env={browser.env} />);
    await stateOf("on");
    await userEvent.setup().click(screen.getByRole("button", { name: "Turn off on this device" }));
    await stateOf("off");
    expect(browser.subscription).toBeNull();
    expect(api.writes()).toEqual([{ method: "DELETE", path: "/v1/push/subscriptions/psub_mine", body: undefined }]);
    expect(await screen.findByText("No device gets notifications yet.")).toBeTruthy();
  });

  it("lists the user's other devices and removes one", async () => {
    const phone = device("psub_phone", "Safari on iPhone");
    const laptop = device("psub_laptop", "Firefox on Linux");
    const api = fakeApi({
      "GET /v1/push/subscriptions": [
        { status: 200, body: { devices: [phone, laptop] } },
        { status: 200, body: { devices: [laptop] } },
      ],
      "DELETE /v1/push/subscriptions/psub_phone": { status: 204 },
    });
    render(<EnablePush baseUrl="http://app.test" token="tok" fetch={api.fetch} env={fakeBrowser({}).env} />);
    const list = await screen.findByTestId("push-devices");
    expect(
      within(list)
        .getAllByTestId("push-device")
        .map((li) => li.textContent?.split(" ·")[0]),
    ).toEqual(["Safari on iPhone", "Firefox on Linux"]);
    await userEvent.setup().click(screen.getByRole("button", { name: "Remove Safari on iPhone" }));
    await expect.poll(() => within(screen.getByTestId("push-devices")).getAllByTestId("push-device").length).toBe(1);
    expect(api.writes()).toEqual([{ method: "DELETE", path: "/v1/push/subscriptions/psub_phone", body: undefined }]);
  });

  it("says what to do when the device list cannot load", async () => {
    const api = fakeApi({ "GET /v1/push/subscriptions": { status: 503, body: { error: { code: "internal", message: "The server is restarting" } } } });
    render(<EnablePush baseUrl="http://app.test" token="tok" fetch={api.fetch} env={fakeBrowser({}).env} />);
    expect((await screen.findByRole("alert")).textContent).toMatch(/Could not load your devices: .*Try again/);
  });
});

describe("quiet hours", () => {
  const on = async () => {
    const browser = fakeBrowser({ permission: "granted" });
    await browser.env.registration().then((r) => r!.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: new Uint8Array(65) }));
    browser.stored.set("sidetext-push-device", "psub_mine");
    return browser;
  };

  it("are offered once push is on, and set on the user's own clock", async () => {
    const set = { start: "21:30", end: "06:45", timeZone: "Europe/Paris" };
    const api = fakeApi({
      "GET /v1/push/subscriptions": { status: 200, body: { devices: [] } },
      "GET /v1/push/quiet-hours": { status: 200, body: { quietHours: null } },
      "PUT /v1/push/quiet-hours": { status: 200, body: { quietHours: set } },
    });
    render(<EnablePush baseUrl="http://app.test" token="tok" fetch={api.fetch} env={(await on()).env} timeZone="Europe/Paris" />);
    const form = await screen.findByTestId("quiet-hours");
    expect(await within(form).findByText("Off: notifications come at any hour.")).toBeTruthy();
    const user = userEvent.setup();
    const [from, to] = within(form).getAllByDisplayValue(/\d\d:\d\d/) as HTMLInputElement[];
    await user.clear(from);
    await user.type(from, "21:30");
    await user.clear(to);
    await user.type(to, "06:45");
    await user.click(within(form).getByRole("button", { name: "Turn on" }));
    expect(await within(form).findByText("No notifications from 21:30 to 06:45 (Europe/Paris).")).toBeTruthy();
    expect(api.writes()).toEqual([{ method: "PUT", path: "/v1/push/quiet-hours", body: { quietHours: set } }]);
  });

  it("turn off, and are not offered while push is off", async () => {
    const api = fakeApi({
      "GET /v1/push/subscriptions": { status: 200, body: { devices: [] } },
      "GET /v1/push/quiet-hours": { status: 200, body: { quietHours: { start: "22:00", end: "07:00", timeZone: "UTC" } } },
      "PUT /v1/push/quiet-hours": { status: 200, body: { quietHours: null } },
    });
    render(<EnablePush baseUrl="http://app.test" token="tok" fetch={api.fetch} env={(await on()).env} />);
    const form = await screen.findByTestId("quiet-hours");
    await userEvent.setup().click(await within(form).findByRole("button", { name: "Turn off" }));
    expect(await within(form).findByText("Off: notifications come at any hour.")).toBeTruthy();
    expect(api.writes()).toEqual([{ method: "PUT", path: "/v1/push/quiet-hours", body: { quietHours: null } }]);
    cleanup();
    render(<EnablePush baseUrl="http://app.test" token="tok" fetch={api.fetch} env={fakeBrowser({}).env} />);
    await stateOf("off");
    expect(screen.queryByTestId("quiet-hours")).toBeNull();
  });
});
