// Bundles ui-harness.tsx into one HTML file (script and stylesheet inline) for Chromium.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));

export async function buildHarness(outFile = "/tmp/sidetext-ui-harness.html"): Promise<string> {
  const result = await build({
    entryPoints: [path.join(here, "ui-harness.tsx")],
    bundle: true,
    write: false,
    minify: true,
    format: "iife",
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "error",
  });
  const js = result.outputFiles[0].text;
  const css = fs.readFileSync(path.join(here, "../../src/ui/common/sidetext.css"), "utf8");
  fs.writeFileSync(
    outFile,
    `<!doctype html><meta charset="utf-8"><style>${css}</style><div id="root"></div><script>${js.replace(/<\/script/g, "<\\/script")}</script>`,
  );
  return outFile;
}
