import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
// With a PostgreSQL server to use (scripts/postgres-test.sh, .ci/run), the server tests run a second time
// on PostgreSQL: `vitest run --project server-postgres` runs only that pass.
const postgresUrl = process.env.SIDETEXT_TEST_POSTGRES_URL;

const shared = {
  // Plasmo's tsconfig preserves JSX; vitest (oxc) must compile it for tests.
  oxc: { jsx: { runtime: "automatic" as const } },
  resolve: { alias: [{ find: /^~(.*)$/, replacement: `${root}$1` }] },
};

const SERVER_TESTS = ["tests/server/**/*.test.ts"];
const BROWSER_TESTS = ["tests/browser/**/*.test.ts"];
// Server files that replace a module (vi.mock) need a module graph of their own: in a shared graph the module is
// already loaded by an earlier file, and the mock silently does nothing.
const MOCKING_SERVER_TESTS = ["tests/server/simulator-check-in-batch.test.ts", "tests/server/postgres-stream-handover.test.ts"];

/**
 * The server and browser suites. Each file starts its own server on its own database (and its own Chromium), so
 * the files of one worker can share the module graph (`isolate: false`): the server (Kysely, Fastify, every route)
 * is imported once per worker instead of once per file, which took the server suites' import phase from minutes
 * to seconds. What a file changes at module level is put back by the set-up file. Not `extends: true`: that
 * would add the root's include (every test) to it.
 */
const sharedGraph = (name: string, include: string[], database: "sqlite" | "postgres", extra: object = {}) => ({
  ...shared,
  test: {
    name,
    include,
    environment: "node" as const,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    isolate: false,
    setupFiles: ["tests/support/shared-graph-setup.ts"],
    env: { SIDETEXT_TEST_DATABASE: database },
    ...extra,
  },
});

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
      // Unit and extension tests keep a fresh module graph per file: jsdom, module-level stores and vi.mock need it.
      {
        extends: true,
        test: { name: "default", exclude: [...configDefaults.exclude, ...SERVER_TESTS, ...BROWSER_TESTS], env: { SIDETEXT_TEST_DATABASE: "sqlite" } },
      },
      sharedGraph("server", SERVER_TESTS, "sqlite", { exclude: [...configDefaults.exclude, ...MOCKING_SERVER_TESTS] }),
      sharedGraph("server-mocking", MOCKING_SERVER_TESTS, "sqlite", { isolate: true }),
      sharedGraph("browser", BROWSER_TESTS, "sqlite"),
      // The PostgreSQL pass keeps a fresh graph per file: its multi-instance suites mock modules (vi.mock) and
      // hold instance-wide listeners that a shared graph carried from one file into the next.
      ...(postgresUrl
        ? [sharedGraph("server-postgres", SERVER_TESTS, "postgres", { isolate: true, globalSetup: ["tests/support/postgres-global-setup.ts"] })]
        : []),
    ],
  },
});
