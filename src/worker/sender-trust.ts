// What each sender may ask of the worker (invariant 9: the page is hostile). Our extension pages may do
// everything. A content script runs inside a web page the page's scripts can drive, so it may only report
// the record it reads, ask for a panel token, and read the settings it needs (default country). The panel
// page is web-accessible, so any site can frame it: inside a tab it is trusted only with a token our
// content script got for that tab (./panel-tokens.ts).
import type { MessageSender } from "../platform/messaging";
import type { CommandType } from "../protocol/messages";
import type { PanelTokens } from "./panel-tokens";

/** Extension pages any web page may frame or open (package.json manifest.web_accessible_resources). */
const WEB_ACCESSIBLE_PAGES = ["/tabs/panel.html"];

export const CONTENT_SCRIPT_COMMANDS: ReadonlySet<CommandType> = new Set<CommandType>(["record.opened", "record.closed", "panel.token", "settings.get"]);

export type SenderRole =
  /** Popup, options, side panel (no tab), or a page of ours no site can frame opened in a tab. */
  | "extension"
  /** A web-accessible page of ours inside a tab: trusted only with a valid panel token. */
  | "panel"
  /** A content script: the web page's URL. */
  | "content";

function senderRole(sender: MessageSender): SenderRole {
  if (!sender.extensionPage) return "content";
  if (sender.tabId === null) return "extension";
  let path = "";
  try {
    path = new URL(sender.url ?? "").pathname;
  } catch {
    return "panel"; // unreadable URL: treat it as the least trusted kind of page
  }
  return WEB_ACCESSIBLE_PAGES.includes(path) ? "panel" : "extension";
}

export type Access = "full" | "content" | "none";

/** How far to trust this sender: everything, the content-script commands, or nothing. `presented`: a panel token the sender presented. */
export async function accessOf(sender: MessageSender, tokens: PanelTokens, presented?: string): Promise<Access> {
  const role = senderRole(sender);
  if (role === "extension") return "full";
  if (role === "content") return "content";
  return (await tokens.admits(sender, presented)) ? "full" : "none";
}

export function mayRun(access: Access, type: CommandType): boolean {
  return access === "full" || (access === "content" && CONTENT_SCRIPT_COMMANDS.has(type));
}

export const forbiddenMessage = (access: Access) =>
  access === "none"
    ? "This Sidetext panel was not opened by Sidetext in this tab. Open Sidetext from the toolbar."
    : "Sidetext's page script may only report the open record.";
