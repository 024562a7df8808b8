// Draws the web app's icons (web/public/icons/*.png) in headless Chromium: `node web/scripts/make-icons.mjs`.
// The PNGs are committed; run this again only when the artwork changes. Maskable icons keep the mark inside
// the middle 80 % (the safe zone Android's masks never cut).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../public/icons");
const icons = [
  { file: "icon-192.png", size: 192, maskable: false },
  { file: "icon-512.png", size: 512, maskable: false },
  { file: "maskable-512.png", size: 512, maskable: true },
  { file: "apple-touch-icon.png", size: 180, maskable: true },
];

const page = (size, maskable) => `<!doctype html><html><body style="margin:0;background:transparent">
<div style="width:${size}px;height:${size}px;display:grid;place-items:center;background:${maskable ? "#2556d8" : "transparent"}">
  <div style="width:${maskable ? 62 : 88}%;height:${maskable ? 62 : 88}%;border-radius:${maskable ? 0 : 22}%;background:#2556d8;display:grid;place-items:center">
    <svg viewBox="0 0 100 100" width="78%" height="78%" aria-hidden="true">
      <path d="M14 22 h72 a8 8 0 0 1 8 8 v34 a8 8 0 0 1 -8 8 h-40 l-18 16 v-16 h-14 a8 8 0 0 1 -8 -8 v-34 a8 8 0 0 1 8 -8z" fill="#fff"/>
      <text x="50" y="60" font-family="Arial, sans-serif" font-weight="800" font-size="38" text-anchor="middle" fill="#2556d8">S</text>
    </svg>
  </div>
</div></body></html>`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  for (const icon of icons) {
    const tab = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    await tab.setContent(page(icon.size, icon.maskable));
    await tab.screenshot({ path: path.join(out, icon.file), omitBackground: !icon.maskable });
    await tab.close();
    console.log(`${icon.file} ${icon.size}×${icon.size}`);
  }
} finally {
  await browser.close();
}
