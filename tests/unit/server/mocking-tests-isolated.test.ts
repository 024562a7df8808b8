// A server test that replaces a module (vi.mock) must run with a module graph of its own: the `server` project
// shares one graph per worker, where an earlier file has already loaded the module and the mock does nothing
// (a count of its calls then stays 0, and a test expecting none passes for nothing). vitest.config.ts lists
// such files in MOCKING_SERVER_TESTS.
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");

it("lists every server test that calls vi.mock among those run in a graph of their own", () => {
  const config = fs.readFileSync(path.join(root, "vitest.config.ts"), "utf8");
  const listed = config.match(/const MOCKING_SERVER_TESTS = \[([^\]]*)\]/)?.[1] ?? "";
  const dir = path.join(root, "tests/server");
  const mocking = fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".test.ts") && /\bvi\.mock\(/.test(fs.readFileSync(path.join(dir, f), "utf8")))
    .map((f) => `tests/server/${f}`);
  expect(mocking.length).toBeGreaterThan(0);
  expect(mocking.filter((f) => !listed.includes(`"${f}"`))).toEqual([]);
});
