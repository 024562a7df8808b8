// A black-box check, from outside, of what the security audit (issue 12) found, against a running demo
// server (SIDETEXT_SEED=demo): node scripts/security-check/index.mjs http://127.0.0.1:8787
// Each *.check.mjs beside this file exports `name` and `run(t)`; `t` offers call/login/ws helpers and `check`.
// Prints one line per failed check, then "N passed, N failed"; exits 1 on any failure.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { toolkit } from "./toolkit.mjs";

const base = (process.argv[2] ?? "http://127.0.0.1:8787").replace(/\/$/, "");
const dir = path.dirname(fileURLToPath(import.meta.url));
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".check.mjs"))
  .sort();
let passed = 0;
let failed = 0;
for (const file of files) {
  const mod = await import(pathToFileURL(path.join(dir, file)).href);
  const t = toolkit(base, (name, ok, detail = "") => {
    if (ok) passed++;
    else {
      failed++;
      console.log(`FAIL [${mod.name ?? file}] ${name}${detail ? ` — ${detail}` : ""}`);
    }
  });
  try {
    await mod.run(t);
  } catch (error) {
    failed++;
    console.log(`FAIL [${mod.name ?? file}] threw: ${error?.stack ?? error}`);
  } finally {
    t.closeAll();
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
