// Screenshots of the views over the in-memory client: npx tsx bench/harness/screenshots.mts → /tmp/st-*.png
import { chromium } from "playwright-core";
import { buildHarness } from "./build-harness.ts";
async function main() {
  const file = await buildHarness();
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  const shots: Array<[string, string, { width: number; height: number }, ((p: any) => Promise<void>)?]> = [
    [
      "popup-list",
      "?view=popup&n=40",
      { width: 400, height: 580 },
      async (p) => {
        await p.keyboard.press("ArrowDown");
      },
    ],
    [
      "popup-picker",
      "?view=popup#/conversation/cv_maria",
      { width: 400, height: 580 },
      async (p) => {
        await p.getByTestId("composer").click();
        await p.keyboard.type("/");
      },
    ],
    [
      "popup-varform",
      "?view=popup#/conversation/cv_maria",
      { width: 400, height: 580 },
      async (p) => {
        await p.getByTestId("composer").click();
        await p.keyboard.type("/quote");
        await p.keyboard.press("Enter");
      },
    ],
    [
      "popup-collision",
      "?view=popup#/conversation/cv_maria",
      { width: 400, height: 580 },
      async (p) => {
        await p.getByTestId("composer").click();
        await p.keyboard.type("Sure, Thursday works");
        await p.evaluate(() => {
          const f = (window as any).fake;
          f.update({
            messages: [...f.state.messages, { ...f.state.messages[0], id: "msg_new", body: "Actually can we do Friday?", createdAt: new Date().toISOString() }],
          });
        });
        await p.keyboard.press("Enter");
      },
    ],
    [
      "popup-snooze",
      "?view=popup#/conversation/cv_maria",
      { width: 400, height: 580 },
      async (p) => {
        await p.getByTestId("status").selectOption("snoozed");
      },
    ],
    ["panel", "?view=panel", { width: 380, height: 700 }],
    [
      "panel-nothread",
      "?view=panel",
      { width: 380, height: 500 },
      async (p) => {
        await p.getByTestId("phone-switcher").selectOption("+14155550199");
      },
    ],
    [
      "popup-new",
      "?view=popup#/new",
      { width: 400, height: 580 },
      async (p) => {
        await p.keyboard.type("415 555 01");
      },
    ],
  ];
  for (const [name, q, size, act] of shots) {
    const page = await browser.newPage({ viewport: size });
    page.on("pageerror", (e: Error) => console.log("pageerror", e.message));
    page.on("dialog", (d: any) => {
      console.log("DIALOG!", d.message());
      d.dismiss();
    });
    await page.goto(`file://${file}${q}`);
    await page.waitForTimeout(200);
    if (act) await act(page);
    await page.waitForTimeout(200);
    await page.screenshot({ path: `/tmp/st-${name}.png` });
  }
  await browser.close();
}
main();
