import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  // Plasmo's tsconfig preserves JSX; vitest (oxc) must compile it for tests.
  oxc: { jsx: { runtime: "automatic" } },
  resolve: { alias: [{ find: /^~(.*)$/, replacement: `${root}$1` }] },
  test: {
    include: ["tests/**/*.test.{ts,tsx}"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Server tests open real sockets and SQLite files; browser tests drive Chromium. Keep the 2-core machine calm.
    maxWorkers: 2,
  },
});
