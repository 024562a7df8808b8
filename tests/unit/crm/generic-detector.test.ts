import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { detectPhones } from "~src/crm/generic/detect-phones";
import { readGenericRecord } from "~src/crm/generic/read-record";

function page(body: string, style = ""): Document {
  return new JSDOM(`<!doctype html><html><head><title>Customer</title><style>${style}</style></head><body>${body}</body></html>`, {
    url: "https://portal.example.com/customers/42#notes",
  }).window.document;
}
const detect = (body: string, country = "US") => detectPhones(page(body), country).map((d) => ({ ...d.phone, source: d.source }));

describe("detectPhones finds", () => {
  it.each([
    ["a tel: link", `<a href="tel:+14155550132">Call us</a>`, { e164: "+14155550132", source: "link" }],
    ["an sms: link with a body", `<a href="sms:+14155550132?body=Hi">Text</a>`, { e164: "+14155550132", label: "mobile", source: "link" }],
    [
      "a tel: link's extension",
      `<a href="tel:+14155550132;ext=204">(415) 555-0132 x204</a>`,
      { e164: "+14155550132", extension: "204", raw: "(415) 555-0132 x204" },
    ],
    ["a dialer pause as an extension", `<a href="tel:4155550132,,204">Office</a>`, { e164: "+14155550132", extension: "204" }],
    ["a labelled number", `<dl><dt>Mobile</dt><dd>(628) 555-0187</dd></dl>`, { e164: "+16285550187", label: "mobile", source: "label" }],
    ["a label in the same text", `<p>Phone: 415.555.0132</p>`, { e164: "+14155550132", label: "work", source: "label" }],
    ["a number after a phone icon", `<span class="icon icon-phone"></span><span>415 555 0132</span>`, { e164: "+14155550132", source: "label" }],
    ["an aria-labelled number", `<span aria-label="Cell phone">415-555-0132</span>`, { e164: "+14155550132", label: "mobile" }],
    ["a ☎ glyph", `<p>☎ (415) 555-0132</p>`, { e164: "+14155550132", source: "label" }],
    ["an extension in text", `<p>Reach me at (415) 555-0132 x204 after lunch.</p>`, { e164: "+14155550132", extension: "204", source: "text" }],
    ["'ext.' written out", `<p>Tel (415) 555-0132 ext. 31</p>`, { extension: "31" }],
    ["an international number", `<p>London office +44 20 7946 0958</p>`, { e164: "+442079460958" }],
    ["dots as separators", `<td>415.555.0132</td>`, { e164: "+14155550132" }],
    ["a leading 1 and dashes", `<p>1-800-555-0199</p>`, { e164: "+18005550199" }],
    ["a national UK number with the rep's country", `<p>Call 020 7946 0958</p>`, { e164: "+442079460958" }, "GB"],
    ["a possible-but-unassigned number when labelled", `<p>Phone: (201) 155-0123</p>`, { e164: "+12011550123" }],
    ["a number ending a sentence", `<p>Ring me on 415-555-0132.</p>`, { e164: "+14155550132", raw: "415-555-0132" }],
    ["a number in brackets", `<p>(or 415-555-0132)</p>`, { e164: "+14155550132", raw: "415-555-0132" }],
    ["a German number with a slash", `<p>Telefon 030/901820</p>`, { e164: "+4930901820" }, "DE"],
    ["a French mobile in pairs", `<p>Portable : 06 12 34 56 78</p>`, { e164: "+33612345678" }, "FR"],
  ])("%s", (_name, body, expected, country = "US") => {
    const [first] = detect(body, country);
    expect(first).toMatchObject(expected);
  });

  it.each([
    ["a slash", "<p>Phones: (415) 555-0132 / (628) 555-0187</p>"],
    ["a dash", "<p>Office 415-555-0132 - mobile 628-555-0187</p>"],
    ["two spaces", "<td>415-555-0132  628-555-0187</td>"],
  ])("two numbers in one text separated by %s", (_name, body) => {
    expect(detect(body).map((p) => p.e164)).toEqual(["+14155550132", "+16285550187"]);
  });

  it("lists links before labelled numbers before free text, once each", () => {
    const found = detect(
      `<p>Reach (212) 555-0101 any time</p><p>Mobile: (628) 555-0187</p><a href="tel:4155550132">(415) 555-0132</a><p>or (415) 555-0132</p>`,
    );
    expect(found.map((p) => [p.e164, p.source])).toEqual([
      ["+14155550132", "link"],
      ["+16285550187", "label"],
      ["+12125550101", "text"],
    ]);
  });
});

describe("detectPhones ignores", () => {
  it.each([
    ["an ISO date", "<p>Created 2024-01-15</p>"],
    ["a US date and time", "<p>Meet 01/15/2024 at 12:30:45</p>"],
    ["a European date", "<p>Termin 15.01.2024</p>"],
    ["a date and time", "<p>Sent 12/03/2026 14:30</p>"],
    ["a version and a build number", "<p>Version 2.4.1 build 20240115</p>"],
    ["a large count", "<p>12,345,678 visits</p>"],
    ["a timestamp", "<p>ts 1700000000000</p>"],
    ["an order ID", "<p>Order #100234567</p>"],
    ["an order number shaped like a phone", "<p>Order 415-555-0132</p>"],
    ["a bare 10-digit ID", "<p>Customer ID 4155550132</p>"],
    ["an unformatted digit run", "<p>4155550132</p>"],
    ["a price", "<p>Total $1,234,567.89</p>"],
    ["a price shaped like a phone", "<p>Total $415-555-0132</p>"],
    ["a euro amount", "<p>€ 12.400,50</p>"],
    ["a ZIP+4", "<p>San Francisco, CA 94107-1234</p>"],
    ["a credit card", "<p>Card 4111 1111 1111 1111</p>"],
    ["an SSN", "<p>SSN 123-45-6789</p>"],
    ["an IP address", "<p>IP 192.168.100.200</p>"],
    ["an unlabelled invalid number", "<p>(201) 155-0123</p>"],
    ["a fax number", "<p>Fax: (415) 555-0150</p>"],
    ["display:none", `<p style="display:none">Phone: (415) 555-0132</p>`],
    ["visibility:hidden", `<p style="visibility:hidden"><a href="tel:4155550132">call</a></p>`],
    ["aria-hidden", `<div aria-hidden="true"><p>Phone: (415) 555-0132</p></div>`],
    ["the hidden attribute", `<div hidden><a href="tel:4155550132">(415) 555-0132</a></div>`],
    ["a script", `<script>var phone = "(415) 555-0132";</script>`],
    ["our own panel", `<div data-sidetext-root><p>Phone: (415) 555-0132</p></div>`],
  ])("%s", (_name, body) => {
    expect(detect(body)).toEqual([]);
  });

  it("a class-hidden print copy", () => {
    const doc = page(`<p class="print-only">Phone: (415) 555-0132</p>`, ".print-only{display:none}");
    expect(detectPhones(doc)).toEqual([]);
  });
});

describe("readGenericRecord", () => {
  it("names the record after the page heading and drops an anchor (#notes) from its URL", () => {
    const doc = page(`<h1>Jane Doe</h1><p>Mobile: (628) 555-0187</p>`);
    expect(readGenericRecord(doc, doc.location)).toEqual({
      source: "generic",
      kind: "page",
      name: "Jane Doe",
      company: null,
      url: "https://portal.example.com/customers/42",
      phones: [
        {
          raw: "(628) 555-0187",
          e164: "+16285550187",
          label: "mobile",
          extension: null,
          foundBy: { reader: "generic", layer: "labelled", detail: 'label "Mobile" before the number' },
        },
      ],
      fields: { pageTitle: "Customer" },
    });
  });

  it("returns null when the page has no number", () => {
    const doc = page(`<h1>Jane Doe</h1><p>Order #100234567</p>`);
    expect(readGenericRecord(doc, doc.location)).toBeNull();
  });
});
