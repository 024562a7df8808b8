import { describe, expect, it, vi } from "vitest";
import { addTextButtons } from "~src/crm/text-buttons";
import { readSalesforceRecord } from "~src/crm/salesforce/read-record";
import { loadFixture } from "./load-fixture";

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
    addTextButtons(document, record, onPick, controller.signal);
    addTextButtons(document, record, onPick, controller.signal);
    const hosts = document.querySelectorAll("[data-sidetext-text-button]");
    expect(hosts).toHaveLength(2); // header and details
    hosts[0].shadowRoot!.querySelector("button")!.click();
    expect(onPick).toHaveBeenCalledWith(record.phones[0]);
  });

  it("removes every button when the record goes away", () => {
    const { document, location, window } = loadFixture("salesforce", "contact-one-phone.html");
    const controller = new (window as unknown as typeof globalThis).AbortController();
    addTextButtons(document, readSalesforceRecord(document, location)!, vi.fn(), controller.signal);
    controller.abort();
    expect(document.querySelectorAll("[data-sidetext-text-button]")).toHaveLength(0);
  });
});
