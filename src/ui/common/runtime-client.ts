// The page's one view client over chrome.runtime (the port opens on the first subscription). Only entries
// import this module, so components and their tests never load the extension APIs.
import { createClient, type SidetextClient } from "./client";
import { viewClientOver } from "./client-context";

let port: SidetextClient | null = null;
export const runtimeViewClient = viewClientOver(() => (port ??= createClient()));
/** Snapshot with its loading/error state, for pages that explain a failure (options, the framed panel). */
export const useTopicState = runtimeViewClient.useTopicState;
