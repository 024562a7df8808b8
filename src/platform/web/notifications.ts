// Desktop notifications on the web come from Web Push through the app's service worker (web/push), not
// from the hosted worker: it has no Notification to show. The extension's notifier is not registered here.
import type { Notifications } from "../notifications";

export const notifications: Notifications = {
  show: async () => {},
  clear: async () => {},
  onClicked: () => () => {},
};
