// The service worker: wiring only. The features live in src/worker, the sync engine in src/sync.
import {
  createWorkerContext, registerCommands, registerDesktopNotifications, registerSubscriptions, registerSync, registerToolbarBadge,
} from "~src/worker";

const ctx = createWorkerContext();
registerCommands(ctx);
registerSubscriptions(ctx);
registerToolbarBadge(ctx);
registerDesktopNotifications(ctx);
registerSync(ctx);
