// Opens a CRM fixture page in jsdom at the URL it was captured from (<meta name="fixture-url">).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { JSDOM } from "jsdom";

const root = fileURLToPath(new URL("../../fixtures/crm/", import.meta.url));

export function loadFixture(site: string, file: string): { document: Document; location: Location; window: Window } {
  const html = readFileSync(`${root}${site}/${file}`, "utf8");
  const url = /<meta name="fixture-url" content="([^"]+)"/.exec(html)?.[1];
  if (!url) throw new Error(`${site}/${file} has no fixture-url meta`);
  const dom = new JSDOM(html, { url: url.replaceAll("&amp;", "&") });
  attachDeclarativeShadowRoots(dom.window.document);
  return { document: dom.window.document, location: dom.window.location, window: dom.window as unknown as Window };
}

/** A phone without `foundBy`, for tables of what was read; each test asserts `foundBy` on its own. */
export function withoutFoundBy<T extends { foundBy?: unknown }>({ foundBy: _, ...phone }: T): Omit<T, "foundBy"> {
  return phone;
}

/**
 * Fixtures write native (open) shadow roots as declarative shadow DOM, `<template shadowrootmode="open">`, the
 * way a browser serializes them; Chromium parses it, jsdom does not yet: attach them here.
 */
function attachDeclarativeShadowRoots(root: Document | ShadowRoot): void {
  for (const template of root.querySelectorAll<HTMLTemplateElement>("template[shadowrootmode]")) {
    const host = template.parentElement!;
    const shadow = host.attachShadow({ mode: template.getAttribute("shadowrootmode") as ShadowRootMode });
    shadow.append(template.content);
    template.remove();
    attachDeclarativeShadowRoots(shadow);
  }
}
