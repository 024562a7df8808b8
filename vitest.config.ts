import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
// With a PostgreSQL server to use (scripts/postgres-test.sh, .ci/run), the server tests run a second time
// on PostgreSQL: `vitest run --project server-postgres` runs only that pass.
const postgresUrl = process.env.SIDETEXT_TEST_POSTGRES_URL;

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
    projects: [
      { extends: true, test: { name: "default", env: { SIDETEXT_TEST_DATABASE: "sqlite" } } },
      ...(postgresUrl
        ? [{
            extends: true as const,
            test: {
              name: "server-postgres",
              include: ["tests/server/**/*.test.ts"],
              env: { SIDETEXT_TEST_DATABASE: "postgres" },
              globalSetup: ["tests/support/postgres-global-setup.ts"],
            },
          }]
        : []),
    ],
  },
});
