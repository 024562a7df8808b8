// The web app's worker: the extension's service-worker features (src/worker: sync engine, Dexie cache,
// outbox, topics, commands) hosted in a SharedWorker — one engine and one stream for every open tab of the
// app — or, where SharedWorker is missing (Chrome on Android), a dedicated Worker per tab. The outbox's
// clientIds keep a text from going out twice either way. src/platform is the web one (web/vite.config.ts).
import { serveViews } from "~src/platform/web/messaging";
import { createWorkerContext, registerCommands, registerSubscriptions, registerSync, registerToolbarBadge } from "~src/worker";

serveViews(globalThis);
const ctx = createWorkerContext();
registerCommands(ctx);
registerSubscriptions(ctx);
registerToolbarBadge(ctx);
registerSync(ctx);

// A phone coming out of a dead zone: catch up and send what waits now, not at the next 30-second poll.
addEventListener("online", () => void ctx.engine.start().then(() => ctx.engine.onAlarm()));
