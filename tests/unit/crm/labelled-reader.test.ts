// The labelled-field reader: labels before or after a number (never class names), the record header as the
// name, the page's chrome left out, open shadow roots read, and where each phone was found.
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { adapterFor } from "~src/crm/pick-adapter";
import { openShadowRoots } from "~src/crm/dom/deep-query";
import { genericAdapter } from "~src/crm/generic/adapter";
import { readGenericRecord } from "~src/crm/generic/read-record";
import { readRecordWithPlaces } from "~src/crm/layers/read-layered";

function page(body: string, url = "https://crm.example.org/#/contacts/12/show"): Document {
  return new JSDOM(`<!doctype html><html><head><title>Acme CRM</title></head><body>${body}</body></html>`, { url }).window.document;
}
const read = (doc: Document) => readGenericRecord(doc, doc.location)!;
const labels = (body: string) => read(page(body)).phones.map((p) => [p.e164, p.label]);

describe("labels", () => {
  it.each([
    [
      "before, in its own element",
      `<dl><dt>Mobile</dt><dd>(628) 555-0187</dd><dt>Home</dt><dd>(415) 555-0199</dd></dl>`,
      [
        ["+16285550187", "mobile"],
        ["+14155550199", "home"],
      ],
    ],
    [
      "after, in its own element",
      `<dl><dd>(628) 555-0187</dd><dt>Mobile</dt><dd>(415) 555-0199</dd><dt>Home</dt></dl>`,
      [
        ["+16285550187", "mobile"],
        ["+14155550199", "home"],
      ],
    ],
    ["after, in the same text", `<p>Phones: 415-555-0132 (Work)</p>`, [["+14155550132", "work"]]],
    ["after, in brackets beside a link", `<ul><li><a href="tel:+16285550187">(628) 555-0187</a> <span>(Mobile)</span></li></ul>`, [["+16285550187", "mobile"]]],
    ["before, in German", `<div><span>Handy</span> <span>0151 23456789</span></div>`, [["+4915123456789", "mobile"]], "DE"],
    ["after, in Spanish", `<div><span>+34 612 34 56 78</span> <span>Móvil</span></div>`, [["+34612345678", "mobile"]]],
    ["from aria-label", `<span aria-label="Home phone">415.555.0199</span>`, [["+14155550199", "home"]]],
  ])("%s", (_name, body, expected, country = "US") => {
    const doc = page(body);
    expect(readGenericRecord(doc, doc.location, country)!.phones.map((p) => [p.e164, p.label])).toEqual(expected);
  });

  it("never from an icon's class name", () => {
    // The icon says "mobile" in its class; the rep sees "Work".
    expect(labels(`<div><span class="icon icon-phone-mobile"></span><span>(415) 555-0132</span> <span>Work</span></div>`)).toEqual([["+14155550132", "work"]]);
    expect(labels(`<div><span class="icon-phone-home"></span><span>(415) 555-0132</span></div>`)).toEqual([["+14155550132", "other"]]);
  });

  it("leaves out a fax written before or after the number", () => {
    expect(labels(`<dl><dt>Fax</dt><dd>(415) 555-0150</dd></dl><div><span>(415) 555-0151</span> <span>Fax</span></div><p>Mobile: (628) 555-0187</p>`)).toEqual([
      ["+16285550187", "mobile"],
    ]);
  });

  it("says which label it read, for “Why this number?”", () => {
    const [work] = read(page(`<div><span>(415) 555-0132</span> <span>Work</span></div>`)).phones;
    expect(work.foundBy).toEqual({ reader: "generic", layer: "labelled", detail: 'label "Work" after the number' });
    const [link] = read(page(`<dl><dt>Mobile</dt><dd><a href="tel:+16285550187">(628) 555-0187</a></dd></dl>`)).phones;
    expect(link.foundBy).toEqual({ reader: "generic", layer: "link", detail: 'tel: link with label "Mobile"' });
  });
});

describe("the record's name", () => {
  it("is the record header, not the app bar's brand or the document title", () => {
    const doc = page(
      `<header><h1>Acme CRM</h1><a href="tel:+18005550100">Support</a></header><main><h5>Jane Cooper</h5><h6>Phones</h6><p>Mobile: (628) 555-0187</p></main>`,
    );
    expect(read(doc)).toMatchObject({ name: "Jane Cooper", phones: [{ e164: "+16285550187" }] });
  });

  it("is the heading nearest the phones among headings of the same rank", () => {
    const doc = page(
      `<main><section><h2>Recently viewed</h2><p>nothing</p></section><section><h2>Jane Cooper</h2><p>Mobile: (628) 555-0187</p></section></main>`,
    );
    expect(read(doc).name).toBe("Jane Cooper");
  });

  it("is null rather than a constant document title", () => {
    expect(read(page(`<main><p>Mobile: (628) 555-0187</p></main>`)).name).toBeNull();
  });
});

describe("the record's region", () => {
  it("leaves out nav bars, app bars, search boxes and activity feeds", () => {
    const doc =
      page(`<nav><a href="tel:+18005550100">Sales line</a></nav><div role="banner">Call 415-555-0111</div><form role="search"><p>Phone: 415-555-0112</p></form>
      <main><p>Mobile: (628) 555-0187</p><div role="feed"><p>Phone: 415-555-0113</p></div><div class="activity-timeline"><p>Phone: 415-555-0114</p></div></main>`);
    expect(read(doc).phones.map((p) => p.e164)).toEqual(["+16285550187"]);
  });

  it("leaves out rows of a list that link to other records", () => {
    const doc = page(
      `<main><h2>Jane Cooper</h2><p>Mobile: (628) 555-0187</p><table><tr><td><a href="#/contacts/13/show">Bo Li</a></td><td>Phone: 415-555-0120</td></tr></table></main>`,
    );
    expect(read(doc).phones.map((p) => p.e164)).toEqual(["+16285550187"]);
  });
});

describe("the fallback on a CRM's record page", () => {
  it("skips a feed or list of a hundred items or more, and reads the record's labelled fields", () => {
    const rows = Array.from({ length: 120 }, (_, i) => `<div><span>Phone</span> <span>(212) 555-${String(1000 + i)}</span></div>`).join("");
    const doc = page(
      `<div><h2>Jane Cooper</h2><div><span>Mobile</span> <span>(628) 555-0187</span></div></div><div>${rows}</div>`,
      "https://acme.pipedrive.com/person/7",
    );
    const record = adapterFor(doc.location).read(doc, doc.location)!;
    expect(record.phones.map((p) => [p.e164, p.foundBy!.layer])).toEqual([["+16285550187", "labelled"]]);
  });
});

describe("open shadow roots", () => {
  it("are read: text, labels and links inside them", () => {
    const doc = page(`<main><h2>Jane Cooper</h2><contact-card></contact-card></main>`);
    const card = doc.querySelector("contact-card")!.attachShadow({ mode: "open" });
    card.innerHTML = `<phone-field></phone-field><dl><dt>Home</dt><dd>(415) 555-0199</dd></dl>`;
    card.querySelector("phone-field")!.attachShadow({ mode: "open" }).innerHTML = `<span>Mobile</span> <a href="tel:+16285550187">(628) 555-0187</a>`;
    expect(read(doc).phones.map((p) => [p.e164, p.label, p.foundBy!.layer])).toEqual([
      ["+16285550187", "mobile", "link"],
      ["+14155550199", "home", "labelled"],
    ]);
    expect(openShadowRoots(doc)).toHaveLength(2);
  });

  it("hidden hosts hide what is inside them", () => {
    const doc = page(`<main><h2>Jane</h2><p>Mobile: (628) 555-0187</p><div hidden><x-old></x-old></div></main>`);
    doc.querySelector("x-old")!.attachShadow({ mode: "open" }).innerHTML = `<p>Mobile: (415) 555-0199</p>`;
    expect(read(doc).phones.map((p) => p.e164)).toEqual(["+16285550187"]);
  });
});

describe("readRecordWithPlaces", () => {
  it("says which element each phone was read from", () => {
    const doc = page(`<main><h2>Jane</h2><p>Mobile: <span id="m">(628) 555-0187</span></p><a id="w" href="tel:+14155550132">(415) 555-0132</a></main>`);
    const { record, places } = readRecordWithPlaces(genericAdapter(), doc, doc.location);
    expect(places.map((p) => [p.phone.e164, p.element.id])).toEqual([
      ["+14155550132", "w"],
      ["+16285550187", "m"],
    ]);
    expect(places.map((p) => p.phone)).toEqual(record!.phones);
  });
});
