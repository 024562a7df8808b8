// Set-up for every server and browser test file. Those suites share one module graph per worker (vitest.config.ts:
// `isolate: false`, which saves importing the whole server again for each file), so what a file changes at module
// level is put back here before the next file runs on the same worker.
import { afterAll } from "vitest";
import { automationClock } from "../../server/automations/engine";

const realNow = automationClock.now;

afterAll(() => {
  // Timer and rule tests drive the engine on an injected clock.
  automationClock.now = realNow;
});
