// `npm run bench`: runs the benchmarks in bench/ one after another, each printing its own numbers and floor.
//   npm run bench                         every benchmark (the PostgreSQL one only with SIDETEXT_TEST_POSTGRES_URL)
//   npm run bench -- panel-switch popup   those, by name
//   npm run bench -- --list               their names and what each measures
// A benchmark is a bench/*.ts whose opening comment says how to run it (`npx tsx bench/<name>.ts`); the other
// files are their parts (pages, clients, set-ups). Each runs in its own process, as when run by hand.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

interface Bench {
  name: string;
  summary: string;
  needsPostgres: boolean;
}

function benchmarks(): Bench[] {
  return fs
    .readdirSync(here)
    .filter((file) => file.endsWith(".ts") && file !== "run.ts")
    .flatMap((file) => {
      const lines = fs.readFileSync(path.join(here, file), "utf8").split("\n").slice(0, 20);
      const opening = lines.join(" ");
      if (!opening.includes(`bench/${file}`)) return [];
      const summary = lines[0]
        .replace(/^\/\/\s*/, "")
        .replace(/`npx tsx [^`]*`\.?\s*/, "")
        .slice(0, 110);
      return [{ name: file.replace(/\.ts$/, ""), summary, needsPostgres: opening.includes("SIDETEXT_TEST_POSTGRES_URL") }];
    });
}

const args = process.argv.slice(2);
const all = benchmarks();
if (args.includes("--list")) {
  for (const b of all) console.log(`${b.name.padEnd(18)} ${b.summary}`);
  process.exit(0);
}
const unknown = args.filter((name) => !all.some((b) => b.name === name));
if (unknown.length) {
  console.error(`No benchmark named ${unknown.join(", ")}. There are: ${all.map((b) => b.name).join(", ")}.`);
  process.exit(2);
}
const chosen = args.length ? all.filter((b) => args.includes(b.name)) : all;

const results: string[] = [];
for (const b of chosen) {
  if (b.needsPostgres && !process.env.SIDETEXT_TEST_POSTGRES_URL && !args.length) {
    results.push(`${b.name}: skipped (needs PostgreSQL: scripts/postgres-test.sh npm run bench -- ${b.name})`);
    continue;
  }
  console.log(`\n=== ${b.name}: ${b.summary}`);
  const started = Date.now();
  const run = spawnSync(process.execPath, ["--import", "tsx", path.join(here, `${b.name}.ts`)], { stdio: "inherit", env: process.env });
  const took = `${((Date.now() - started) / 1000).toFixed(0)} s`;
  results.push(`${b.name}: ${run.status === 0 ? "done" : `failed (exit ${run.status ?? run.signal})`} in ${took}`);
}
console.log(`\n${results.join("\n")}`);
process.exit(results.some((r) => r.includes("failed")) ? 1 : 0);
