// Builds the extension (npm run build → build/chrome-mv3-prod) and the web app (npm run build:web →
// web/dist) unless each build is newer than every one of its source files. Run by `npm test` (pretest) and by
// tests/support/browser.ts under a lock, so a run builds each at most once.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const builds = [
  {
    name: "Extension",
    script: "build",
    sources: ["background", "options", "popup", "tabs", "sidepanel", "contents", "src", "assets", "package.json"],
    output: "build/chrome-mv3-prod/manifest.json",
  },
  { name: "Web app", script: "build:web", sources: ["web", "src", "package.json"], skip: ["web/dist"], output: "web/dist/index.html" },
];

function newestMtime(p, skip) {
  if (!fs.existsSync(p) || skip.has(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((entry) => newestMtime(path.join(p, entry), skip)));
}

function isFresh(build) {
  const output = path.join(root, build.output);
  const skip = new Set((build.skip ?? []).map((s) => path.join(root, s)));
  return fs.existsSync(output) && fs.statSync(output).mtimeMs >= Math.max(...build.sources.map((s) => newestMtime(path.join(root, s), skip)));
}

// `node scripts/build-if-stale.mjs web` checks only the web app (its browser tests need no extension).
const only = process.argv[2] === "web" ? builds.filter((b) => b.script === "build:web") : builds;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const build of only) {
    if (process.env.SIDETEXT_SKIP_BUILD === "1" || isFresh(build)) {
      console.log(`${build.name} build is up to date: ${path.dirname(build.output)}`);
      continue;
    }
    const res = spawnSync("npm", ["run", build.script], { cwd: root, stdio: "inherit" });
    if (res.status !== 0) process.exit(res.status ?? 1);
    const output = path.join(root, build.output);
    fs.utimesSync(output, new Date(), new Date()); // a build may keep an unchanged output's old time
  }
}
