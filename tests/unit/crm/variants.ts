// Derives from one CRM fixture page the ways real pages differ from it: another release without a test
// attribute, components in open (native) shadow roots, generated or missing class names, labels after the
// values, an app bar with the product's brand as the first <h1>, and numbers that are not phones beside the
// fields. Each variant changes the DOM in place; what the rep sees stays the same (hidden stays hidden).

export interface Variant {
  name: string;
  apply(document: Document, places: Element[]): void;
}

/** Attributes a CRM puts on its markup for its own code and tests: what a new release may rename or drop. */
function siteAttributes(document: Document): string[] {
  const names = new Set<string>();
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if ((attr.name.startsWith("data-") && attr.name !== "data-sidetext-root") || attr.name === "id" || attr.name === "field-label") names.add(attr.name);
    }
  }
  return [...names].sort();
}

/** Field components per CRM: what a native-shadow release renders as a shadow host. */
const COMPONENTS: Record<string, string> = {
  salesforce: "custom elements", // LWC on native shadow DOM: every component is a shadow host
  hubspot: "[data-profile-property], [data-test-id=record-highlight], section, [data-test-id=left-sidebar]",
  pipedrive: ".item, .detailView__header, .detailsSection",
  zoho: ".dvFieldRow, .dvHeader, .dvSection, .cxDvBcInfoFormRow",
  close: "[data-testid=contact-card], [data-testid=custom-field], [data-testid=lead-header], .ContactPhone",
  generic: "[class*=Ra], [class*=Card], dl, section",
};
const SHADOW_CAPABLE = /^(article|aside|blockquote|div|footer|h[1-6]|header|main|nav|p|section|span)$/;
const PHONE_LABEL = /phone|mobile|\btel|cell|home|work|office|fax|whatsapp/i;
const DIGITS = /\d(?:[\s().\-/]{0,3}\d){6}/;

export function variantsFor(site: string, document: Document): Variant[] {
  const attributes = siteAttributes(document);
  return [
    ...attributes.map((attr) => ({ name: `without ${attr}`, apply: (doc: Document) => removeAttribute(doc, attr) })),
    { name: "without any site attribute or class", apply: (doc) => stripHooks(doc, attributes) },
    { name: "fields in open shadow roots", apply: (doc) => moveIntoShadowRoots(doc, COMPONENTS[site] ?? COMPONENTS.generic) },
    { name: "classes renamed", apply: (doc) => renameClasses(doc) },
    { name: "classes stripped", apply: (doc) => removeAttribute(doc, "class") },
    { name: "labels after values", apply: (_doc, places) => labelsAfter(places) },
    { name: "app bar with a brand <h1>", apply: (doc) => addAppBar(doc) },
    { name: "decoys beside the fields", apply: (doc, places) => addDecoys(doc, places) },
    {
      name: "no hooks, labels after, decoys",
      apply: (doc, places) => {
        labelsAfter(places);
        stripHooks(doc, attributes);
        addDecoys(doc, places);
      },
    },
    {
      name: "no hooks, in shadow roots, app bar",
      apply: (doc) => {
        stripHooks(doc, attributes);
        moveIntoShadowRoots(doc, "div, span, section, aside, main, header, article, h1, h2");
        addAppBar(doc);
      },
    },
  ];
}

/**
 * Styles hide copies by class; a variant that renames classes or moves nodes into shadow roots must not unhide
 * them. Returns, by position among the body's elements, what it froze, so a fresh copy of the same page can be
 * frozen again by `applyFrozen` without jsdom's slow style computation.
 */
export function freezeHidden(document: Document): Map<number, "display" | "visibility"> {
  const view = document.defaultView!;
  const frozen = new Map<number, "display" | "visibility">();
  [...document.body.querySelectorAll<HTMLElement>("*")].forEach((el, i) => {
    const style = view.getComputedStyle(el);
    if (style.display === "none") frozen.set(i, "display");
    else if (style.visibility === "hidden") frozen.set(i, "visibility");
  });
  applyFrozen(document, frozen);
  return frozen;
}

export function applyFrozen(document: Document, frozen: Map<number, "display" | "visibility">): void {
  [...document.body.querySelectorAll<HTMLElement>("*")].forEach((el, i) => {
    const what = frozen.get(i);
    if (what === "display") el.style.display = "none";
    else if (what === "visibility") el.style.visibility = "hidden";
  });
}

/** The variants that work on the phone fields themselves (and so need them found first). */
export const NEEDS_PLACES = /labels after|decoys/;

function removeAttribute(document: Document, name: string): void {
  for (const el of document.querySelectorAll(`[${name}]`)) el.removeAttribute(name);
}

function stripHooks(document: Document, attributes: string[]): void {
  for (const attr of [...attributes, "class"]) removeAttribute(document, attr);
}

function renameClasses(document: Document): void {
  // Styled-components and CSS modules: "sc-1x9fz3-0 hTyqWp" — same element, a new generated name per build.
  for (const el of document.querySelectorAll("[class]")) {
    el.setAttribute("class", [...el.classList].map((c) => `x${hash(c)}`).join(" "));
  }
}

function hash(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

function moveIntoShadowRoots(document: Document, selector: string): void {
  const all =
    selector === "custom elements"
      ? [...document.body.querySelectorAll("*")].filter((el) => el.localName.includes("-"))
      : [...document.body.querySelectorAll(selector)];
  const hosts = all.filter((el) => (el.localName.includes("-") || SHADOW_CAPABLE.test(el.localName)) && !el.shadowRoot);
  // Innermost first: an outer host then carries the inner hosts (with their roots) into its own root.
  for (const host of hosts.reverse()) {
    if (!host.firstChild) continue;
    const root = host.attachShadow({ mode: "open" });
    root.append(...host.childNodes);
  }
}

/** Moves each phone's field label from before its value to after it. */
function labelsAfter(places: Element[]): void {
  for (const place of places) {
    let node: Element | null = place;
    for (let depth = 0; node && depth < 6; depth++, node = node.parentElement) {
      const label = node.previousElementSibling;
      const text = label?.textContent?.trim() ?? "";
      if (label && text && text.length <= 40 && !DIGITS.test(text) && PHONE_LABEL.test(text)) {
        node.after(label);
        break;
      }
    }
  }
}

export const BRAND = "Acme Cloud CRM";

function addAppBar(document: Document): void {
  const bar = document.createElement("header");
  bar.className = "app-bar";
  bar.innerHTML = `<h1>${BRAND}</h1><a href="tel:+18005550100">Support: +1 800 555 0100</a><input type="search" value="415-555-0132">`;
  document.body.prepend(bar);
}

/** Numbers that look like phones but are not, as CRMs show them beside a record's fields. */
const DECOYS: [label: string, value: string][] = [
  ["Created", "2024-01-15 14:30"],
  ["Close date", "12/15/2026"],
  ["Order", "#4155550177"],
  ["Order number", "312-924-8371"],
  ["Amount", "$1,234,567.89"],
  ["Budget", "€ 12.400,50"],
  ["Mailing ZIP", "94107-1234"],
  ["Record ID", "0035e00000AbCdEAAV"],
  ["Customer ID", "6285550144"],
  ["Tracking", "1Z999AA10123456784"],
  ["Invoice", "INV-2026-004512"],
];
/** The E.164 forms a decoy could be misread as: none may ever be found. */
export const DECOY_NUMBERS = ["+14155550177", "+13129248371", "+16285550144", "+19410712340"];

function addDecoys(document: Document, places: Element[]): void {
  const block = document.createElement("div");
  block.innerHTML = DECOYS.map(([label, value]) => `<div><span>${label}</span> <span>${value}</span></div>`).join("");
  // Beside the first phone's field (its row, a few levels up from the value), else in the main content.
  let anchor: Element | null = places[0] ?? document.querySelector("main, [role=main]") ?? document.body.firstElementChild;
  // The field's row is the ancestor whose parent lists several fields.
  for (let i = 0; i < 8 && anchor?.parentElement && anchor.parentElement !== document.body && (i < 2 || anchor.parentElement.children.length < 4); i++)
    anchor = anchor.parentElement;
  if (anchor && anchor !== document.body) anchor.after(block);
  else document.body.append(block);
}
