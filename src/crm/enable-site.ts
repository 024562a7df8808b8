// "Enable Sidetext on <host>": which pages can be enabled and which are built-in CRMs. The popup asks
// for the origin's optional host permission in the click itself (src/platform/site-access.ts
// requestOrigin); the worker then registers contents/generic.ts there (src/worker/enabled-sites.ts).
import { siteAdapters } from "./pick-adapter";

/** contents/generic.ts declares this never-matching pattern so Plasmo builds it and lists it in the manifest. */
const GENERIC_PLACEHOLDER_MATCH = "https://sidetext.invalid/*";

/** "https://portal.example.com/*" for a web page; null for chrome://, file:, the Web Store… */
export function originPattern(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const { protocol, host } = new URL(url);
    return protocol === "https:" || protocol === "http:" ? `${protocol}//${host}/*` : null;
  } catch {
    return null;
  }
}

/** The built file of contents/generic.ts, read from our own manifest (Plasmo hashes its name). */
export function genericScriptFile(manifest: { content_scripts?: { matches?: string[]; js?: string[] }[] }): string | null {
  return manifest.content_scripts?.find((cs) => cs.matches?.includes(GENERIC_PLACEHOLDER_MATCH))?.js?.[0] ?? null;
}

/** The built-in CRM serving this origin ("salesforce"…), null for any other site. */
export function builtInCrm(origin: string): string | null {
  const { hostname } = new URL(origin);
  return siteAdapters.find((a) => a.hosts.test(hostname))?.type ?? null;
}

export const isBuiltInCrm = (origin: string) => builtInCrm(origin) !== null;
