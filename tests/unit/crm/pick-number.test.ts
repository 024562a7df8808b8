// @vitest-environment jsdom
// "Pick a number on the page": the rep's click or selection gives the text, Escape or Cancel gives null, and
// only events the gate admits count (in Chrome: trusted ones; jsdom's are never trusted, so tests mark theirs).
import { afterEach, describe, expect, it } from "vitest";
import { pickNumberOnPage } from "../../../src/crm/pick-number";

const REP = Symbol("rep");
const gate = (event: Event) => (event as Event & { [REP]?: boolean })[REP] === true;
const asRep = <E extends Event>(event: E) => Object.assign(event, { [REP]: true });

afterEach(() => {
  document.body.innerHTML = "";
  for (const el of document.querySelectorAll("sidetext-pick")) el.remove();
});

describe("pick mode", () => {
  it("a click on a tel: link gives the link, and the page never sees the click", async () => {
    document.body.innerHTML = `<a id="call" href="tel:+14155550132">Call</a>`;
    let followed = false;
    document.getElementById("call")!.addEventListener("click", () => (followed = true));
    const picked = pickNumberOnPage(document, new AbortController().signal, gate);
    expect(document.querySelector("sidetext-pick")).not.toBeNull();
    document.getElementById("call")!.dispatchEvent(asRep(new MouseEvent("click", { bubbles: true, cancelable: true })));
    expect(await picked).toBe("tel:+14155550132");
    expect(followed).toBe(false);
    expect(document.querySelector("sidetext-pick")).toBeNull();
  });

  it("a click on an element gives its short text", async () => {
    document.body.innerHTML = `<p id="note">AP contact: 415 555 0174</p>`;
    const picked = pickNumberOnPage(document, new AbortController().signal, gate);
    document.getElementById("note")!.dispatchEvent(asRep(new MouseEvent("click", { bubbles: true, cancelable: true })));
    expect(await picked).toBe("AP contact: 415 555 0174");
  });

  it("a page script's click picks nothing; Escape cancels", async () => {
    document.body.innerHTML = `<p id="note">415 555 0174</p>`;
    let done = false;
    const picked = pickNumberOnPage(document, new AbortController().signal, gate).then((v) => {
      done = true;
      return v;
    });
    document.getElementById("note")!.click(); // not the rep
    await Promise.resolve();
    expect(done).toBe(false);
    window.dispatchEvent(asRep(new KeyboardEvent("keydown", { key: "Escape", cancelable: true })));
    expect(await picked).toBeNull();
  });

  it("a selection with a number, ended by the mouse, gives the selected text", async () => {
    document.body.innerHTML = `<p id="note">Call Maria on (415) 555-0132 after five</p>`;
    const picked = pickNumberOnPage(document, new AbortController().signal, gate);
    const text = document.getElementById("note")!.firstChild!;
    const range = document.createRange();
    range.setStart(text, 14);
    range.setEnd(text, 28);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
    document.getElementById("note")!.dispatchEvent(asRep(new MouseEvent("mouseup", { bubbles: true })));
    expect(await picked).toBe("(415) 555-0132");
  });

  it("ends with null when the script is torn down", async () => {
    const controller = new AbortController();
    const picked = pickNumberOnPage(document, controller.signal, gate);
    controller.abort();
    expect(await picked).toBeNull();
    expect(document.querySelector("sidetext-pick")).toBeNull();
  });
});
