// src/platform on the web (the Vite build swaps each src/platform/X for this folder's X; web/vite.config.ts).
export { storageArea } from "./storage";
export { alarms } from "./alarms";
export { badge, readBadgeText } from "./action";
export { notifications } from "./notifications";
export { tabs } from "./tabs";
export { messaging } from "./messaging";
