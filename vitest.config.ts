import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
// With a PostgreSQL server to use (scripts/postgres-test.sh, .ci/run), the server tests run a second time
// on PostgreSQL: `vitest run --project server-postgres` runs only that pass.
const postgresUrl = process.env.SIDETEXT_TEST_POSTGRES_URL;

const shared = {
  // Plasmo's tsconfig preserves JSX; vitest (oxc) must compile it for tests.
  oxc: { jsx: { runtime: "automatic" as const } },
  resolve: { alias: [{ find: /^~(.*)$/, replacement: `${root}$1` }] },
};

export default defineConfig({
  ...shared,
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
        ? [
            {
              // Not `extends: true`: that would add the root's include (every test) to this one.
              ...shared,
              test: {
                name: "server-postgres",
                include: ["tests/server/**/*.test.ts"],
                environment: "node",
                testTimeout: 20_000,
                hookTimeout: 60_000,
                env: { SIDETEXT_TEST_DATABASE: "postgres" },
                globalSetup: ["tests/support/postgres-global-setup.ts"],
              },
            },
          ]
        : []),
    ],
  },
});
