// Builds the extension (npm run build → build/chrome-mv3-prod) unless the build is newer than every source
// file. Run by `npm test` (pretest) and by tests/support/browser.ts under a lock, so a run builds at most once.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sources = ["background", "options", "popup", "tabs", "contents", "src", "assets", "package.json"];
const manifest = path.join(root, "build/chrome-mv3-prod/manifest.json");

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((entry) => newestMtime(path.join(p, entry))));
}

export function buildIsFresh() {
  return fs.existsSync(manifest) && fs.statSync(manifest).mtimeMs >= Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.env.SIDETEXT_SKIP_BUILD === "1" || buildIsFresh()) {
    console.log("Extension build is up to date: build/chrome-mv3-prod");
  } else {
    const res = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
    if (res.status !== 0) process.exit(res.status ?? 1);
    fs.utimesSync(manifest, new Date(), new Date()); // Plasmo may keep an unchanged manifest's old time
  }
}
