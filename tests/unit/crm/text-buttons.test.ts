import { describe, expect, it, vi } from "vitest";
import { rememberPlace } from "~src/crm/places";
import { shadowOf } from "~src/crm/shadow-host";
import { addTextButtons } from "~src/crm/text-buttons";
import type { CrmRecord } from "~src/protocol/record";
import { JSDOM } from "jsdom";
import { readSalesforceRecord } from "~src/crm/salesforce/read-record";
import { loadFixture } from "./load-fixture";

// jsdom's clicks are never trusted: these tests click for the rep (one test checks the default).
const asRep = { gate: () => true };

describe("addTextButtons", () => {
  it("adds one Text button after each of the record's phone links, not after others", () => {
    const { document, location, window } = loadFixture("salesforce", "contact-several-phones.html");
    const record = readSalesforceRecord(document, location)!;
    const controller = new (window as unknown as typeof globalThis).AbortController();
    addTextButtons(document, record, vi.fn(), controller.signal);
    const buttons = document.querySelectorAll("[data-sidetext-text-button]");
    // Header + details copy of the work number, mobile, home, other; never the fax or the support line.
    expect(buttons).toHaveLength(5);
    const next = [...document.querySelectorAll("a[href^='tel:']")].filter((a) => a.nextElementSibling?.hasAttribute("data-sidetext-text-button"));
    expect(next.map((a) => a.getAttribute("href"))).not.toContain("tel:4155550150");
    expect(next.map((a) => a.getAttribute("href"))).not.toContain("tel:18006676389");
  });

  it("calls back with the number clicked, and never twice for one link", () => {
    const { document, location, window } = loadFixture("salesforce", "contact-one-phone.html");
    const record = readSalesforceRecord(document, location)!;
    const onPick = vi.fn();
    const controller = new (window as unknown as typeof globalThis).AbortController();
    addTextButtons(document, record, onPick, controller.signal, asRep);
    addTextButtons(document, record, onPick, controller.signal, asRep);
    const hosts = document.querySelectorAll("[data-sidetext-text-button]");
    expect(hosts).toHaveLength(2); // header and details
    expect(hosts[0].shadowRoot).toBeNull(); // closed to the page
    shadowOf(hosts[0])!.querySelector("button")!.click();
    expect(onPick).toHaveBeenCalledWith(record.phones[0]);
  });

  it("removes every button when the record goes away", () => {
    const { document, location, window } = loadFixture("salesforce", "contact-one-phone.html");
    const controller = new (window as unknown as typeof globalThis).AbortController();
    addTextButtons(document, readSalesforceRecord(document, location)!, vi.fn(), controller.signal);
    controller.abort();
    expect(document.querySelectorAll("[data-sidetext-text-button]")).toHaveLength(0);
  });

  it("ignores a page script's click on a button", () => {
    const { document, location, window } = loadFixture("salesforce", "contact-one-phone.html");
    const onPick = vi.fn();
    const controller = new (window as unknown as typeof globalThis).AbortController();
    addTextButtons(document, readSalesforceRecord(document, location)!, onPick, controller.signal);
    shadowOf(document.querySelector("[data-sidetext-text-button]")!)!.querySelector("button")!.click();
    expect(onPick).not.toHaveBeenCalled();
  });

  it("adds a button right after a plain-text number the reader found, once", () => {
    const dom = new JSDOM(
      `<!doctype html><body><dl><dt>Mobile</dt><dd id="m"><span>Call </span>(628) 555-0187 <em>cell</em></dd><dt>Fax</dt><dd>(628) 555-0100</dd></dl></body>`,
    );
    const { document } = dom.window;
    const phone = { raw: "(628) 555-0187", e164: "+16285550187", label: "mobile" as const, extension: null };
    rememberPlace(phone, document.querySelector("#m")!);
    const record: CrmRecord = { source: "generic", kind: "contact", name: "Ana", company: null, url: "https://crm.test/1", phones: [phone], fields: {} };
    const onPick = vi.fn();
    const controller = new dom.window.AbortController();
    addTextButtons(document, record, onPick, controller.signal as AbortSignal, asRep);
    addTextButtons(document, record, onPick, controller.signal as AbortSignal, asRep);
    const hosts = document.querySelectorAll("[data-sidetext-text-button]");
    expect(hosts).toHaveLength(1);
    expect(hosts[0].previousSibling!.textContent).toBe("(628) 555-0187 "); // beside the digits, not after the label
    shadowOf(hosts[0])!.querySelector("button")!.click();
    expect(onPick).toHaveBeenCalledWith(phone);
  });

  it("adds no second button beside a plain-text number whose field already links it", () => {
    const dom = new JSDOM(
      `<!doctype html><body><div class="field"><div><input id="v" readonly value="+1 415-555-0123"></div><a href="tel:+14155550123">call</a></div></body>`,
    );
    const { document } = dom.window;
    const phone = { raw: "+1 415-555-0123", e164: "+14155550123", label: "work" as const, extension: null };
    rememberPlace(phone, document.querySelector("#v")!);
    const record: CrmRecord = { source: "hubspot", kind: "contact", name: "Maria", company: null, url: "https://crm.test/2", phones: [phone], fields: {} };
    addTextButtons(document, record, vi.fn(), new dom.window.AbortController().signal as AbortSignal, asRep);
    const hosts = document.querySelectorAll("[data-sidetext-text-button]");
    expect(hosts).toHaveLength(1);
    expect(hosts[0].previousElementSibling!.tagName).toBe("A");
  });
});
