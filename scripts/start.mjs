// `npm start`: build the extension and the web app, then run the server with the demo workspace on SQLite.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const buildDir = path.join(root, "build/chrome-mv3-prod");
const port = process.env.PORT ?? "8787";

console.log("Building the extension (npm run build)…");
const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
if (build.status !== 0) {
  console.error("The extension build failed; see above.");
  process.exit(build.status ?? 1);
}

console.log("Building the web app (npm run build:web)…");
const webBuild = spawnSync("npm", ["run", "build:web"], { cwd: root, stdio: "inherit" });
if (webBuild.status !== 0) {
  console.error("The web app build failed; see above.");
  process.exit(webBuild.status ?? 1);
}

fs.mkdirSync(path.join(root, "data"), { recursive: true });
const env = {
  ...process.env,
  SIDETEXT_SEED: process.env.SIDETEXT_SEED ?? "demo",
  DATABASE_URL: process.env.DATABASE_URL ?? "sqlite:./data/sidetext.db",
  PORT: port,
};

console.log(`
The web app: open http://localhost:${port} (phone or desktop; installable) and sign in with a demo user below.
Sidetext extension built: ${buildDir}
Load it in Chrome: chrome://extensions → turn on Developer mode → Load unpacked → choose build/chrome-mv3-prod.
Then open the extension's options (Details → Extension options) and sign in:
  server  http://localhost:${port}
  users   admin@demo.test · alice@demo.test · bob@demo.test   password: sidetext-demo
Starting the server (tsx server/main.ts, ${env.DATABASE_URL}, demo seed)… Ctrl+C stops it.
`);

const server = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "server/main.ts"], { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
