// The server's entry points (server/cli.ts, server/main.ts) compiled ahead by esbuild, for the tests that start
// them as real processes: the CLI with a password on stdin, a server killed with SIGKILL. The same code tsx runs
// for `npm run cli`; only the packages are left to Node's own loader. Under tsx every one of kysely's and zod's
// several hundred files goes through its resolve hook on another thread: ~1.5 s of CPU per start here, 0.5 s
// compiled. The file sits in node_modules/.cache so that bare imports resolve from the repository, and
// import.meta.url still names the entry's own place (web-app.ts finds web/dist from it, checkpointer.ts the driver).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const built = new Map<string, Promise<string>>();

/** The compiled entry's path, built once per test file: run it with `node <path> …`. */
export function compiledEntry(entry: "server/cli.ts" | "server/main.ts"): Promise<string> {
  let file = built.get(entry);
  if (!file) {
    file = compile(entry);
    built.set(entry, file);
  }
  return file;
}

async function compile(entry: string): Promise<string> {
  const dir = path.join(repoRoot, "node_modules/.cache/sidetext-test");
  mkdirSync(dir, { recursive: true });
  // One file per test process: two test files may compile at the same moment.
  const outfile = path.join(dir, `${path.basename(entry, ".ts")}-${process.pid}.mjs`);
  await build({
    entryPoints: [path.join(repoRoot, entry)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    // web-app.ts, beside the entries in server/, finds ../web/dist from it; checkpointer.ts resolves a package from it.
    define: { "import.meta.url": JSON.stringify(pathToFileURL(path.join(repoRoot, entry)).href) },
    logLevel: "warning",
  });
  return outfile;
}
