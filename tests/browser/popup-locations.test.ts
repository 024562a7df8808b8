// Issue 18 in the toolbar popup (real Chromium, the built extension, the real server with the demo seed):
// Carl works at Uptown and the Airport, so the popup has the location switcher; choosing the Airport shows
// only the Airport desk's conversations, and the choice is kept when the popup opens again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasChromium, launchExtension, type LaunchedExtension } from "../support/browser";
import { startServer, type TestServer } from "../support/server";

const SHOTS = process.env.SIDETEXT_SHOTS ?? "/tmp/sidetext-locations";

describe.skipIf(!hasChromium())("location switcher in the popup", () => {
  let server: TestServer;
  let carl: LaunchedExtension;

  beforeAll(async () => {
    ensureBuilt();
    server = await startServer();
    carl = await launchExtension({ viewport: { width: 400, height: 580 } });
    await carl.signIn(server.url, "carl@demo.test");
  }, 300_000);
  afterAll(async () => {
    await carl?.close();
    await server?.close();
  });

  it("shows one location's conversations and remembers the choice", { timeout: 120_000 }, async () => {
    const page = await carl.openPage("popup.html");
    // Carl has nothing assigned to him ("Mine" is empty): the location's threads are under All.
    await page.getByTestId("view-all").click();
    await page.getByTestId("conversation-row").first().waitFor();
    const switcher = page.getByTestId("location-switcher");
    // The rows and the switcher's locations come from different snapshots: allTextContents does not wait for either.
    await expect.poll(() => switcher.locator("option").allTextContents(), { timeout: 10_000 }).toEqual(["All locations", "Airport", "Uptown"]);
    await switcher.selectOption({ label: "Airport" });
    const names = () => page.locator("[data-testid=conversation-row] .st-row-name").allInnerTexts();
    // All locations lists Sam Ito too: one poll over both conditions, or the list of All could pass the first.
    await expect
      .poll(
        async () => {
          const shown = await names();
          return { sam: shown.includes("Sam Ito"), others: shown.some((n) => n === "Tom Becker" || n === "Nina Okafor") };
        },
        { timeout: 10_000 },
      )
      .toEqual({ sam: true, others: false });
    await page.screenshot({ path: `${SHOTS}/popup-location-switcher.png` });
    await page.close();
    const again = await carl.openPage("popup.html");
    await again.getByTestId("location-switcher").waitFor();
    await expect.poll(() => again.getByTestId("location-switcher").inputValue(), { timeout: 10_000 }).not.toBe(""); // the choice is read back after the first render
    await again.close();
  });
});
