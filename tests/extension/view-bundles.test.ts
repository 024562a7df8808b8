// The popup and panel paint from the cache before anything else; every kilobyte of script is parse time on
// that path (BENCHMARKS.md "Popup (issue 5)"). They import protocol types only, never the zod schemas, and
// phone formatting uses libphonenumber-js "min" metadata.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../support/browser";

const BUILD = path.resolve(__dirname, "../../build/chrome-mv3-prod");

function script(dir: string, prefix: string): string {
  const name = fs.readdirSync(path.join(BUILD, dir)).find((f) => f.startsWith(prefix) && f.endsWith(".js"));
  if (!name) throw new Error(`no ${prefix}*.js in ${dir}`);
  return fs.readFileSync(path.join(BUILD, dir, name), "utf8");
}

describe.each([
  ["popup", ".", "popup."],
  ["panel", "tabs", "panel."],
])("the %s bundle", (_name, dir, prefix) => {
  let code = "";
  beforeAll(() => {
    ensureBuilt();
    code = script(dir, prefix);
  }, 10 * 60_000);

  it("does not contain zod", () => {
    expect(code).not.toContain("invalid_type");
    expect(code).not.toContain("ZodError");
  });

  it("stays under 500 KB (React + min phone metadata; zod and max metadata made it 1.07 MB)", () => {
    expect(code.length).toBeLessThan(500_000);
  });
});
