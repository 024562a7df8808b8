// src/platform: thin wrappers over the browser APIs. Business logic receives these as injected deps.
export { storageArea, type KeyValueStore, type StorageAreaName } from "./storage";
export { alarms, type Alarms } from "./alarms";
export { badge, readBadgeText, type Badge } from "./action";
export { notifications, type Notifications } from "./notifications";
export { tabs, type TabsApi } from "./tabs";
export { messaging, type MessageSender, type PortLike } from "./messaging";
