// @vitest-environment jsdom
// The list saved for the next cold load (web/first-screen.ts): what the app rendered from live rows, shown
// again only to the same user with the same filters, and never anything but inert, cleaned markup.
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ClientProvider } from "../../../src/ui/common/client-context";
import { clearFirstPage } from "../../../src/ui/common/first-page-cache";
import { WebApp } from "../../../web/App";
import { paintSavedFirstScreen } from "../../../web/first-screen";
import { createFakeClient } from "../../support/fake-view-client";
import { ago, alice, bob, contact, conversation, mainInbox, users } from "../../support/ui-fixtures";

const KEY = "sidetext.web.firstScreen";
const maria = contact("ct_maria", "+14155550123", "Maria <b>Garcia</b>");
const sophie = contact("ct_sophie", "+17185550112", "Sophie Turner");
const ada = contact("ct_ada", "+12125550144", "Ada Park");

function fake(me = alice, more: (typeof ada)[] = []) {
  return createFakeClient({
    me,
    connection: "live",
    users,
    inboxes: [mainInbox],
    templates: [],
    contacts: Object.fromEntries([maria, sophie, ...more].map((c) => [c.id, c])),
    conversations: [
      conversation("cv_maria", maria, { assigneeId: me.id, lastMessageAt: ago(12), preview: "<img src=x onerror=alert(1)>" }),
      conversation("cv_sophie", sophie, { assigneeId: me.id, lastMessageAt: ago(30), preview: "9am to noon" }),
      ...more.map((c, i) => conversation(`cv_${c.id}`, c, { assigneeId: me.id, lastMessageAt: ago(40 + i), preview: "later" })),
    ],
    messages: [],
  });
}

/** Renders the app into #root, as web/main.tsx does, and waits until the live list was saved. */
async function renderAndSave(me = alice, more: (typeof ada)[] = []) {
  const root = document.body.appendChild(Object.assign(document.createElement("div"), { id: "root" }));
  render(
    <ClientProvider client={fake(me, more).client}>
      <WebApp />
    </ClientProvider>,
    { container: root },
  );
  await screen.findAllByTestId("conversation-row");
  await waitFor(() => expect(localStorage.getItem(KEY)).not.toBeNull(), { timeout: 3000 });
  cleanup();
  root.remove();
}

const freshRoot = () => document.body.appendChild(document.createElement("div"));
const names = (root: HTMLElement) => [...root.querySelectorAll("[data-testid=conversation-row] .st-row-name")].map((n) => n.textContent);

beforeEach(() => {
  history.replaceState(null, "", "#/");
  localStorage.clear();
  document.body.innerHTML = "";
});
afterEach(cleanup);

describe("the saved first screen", () => {
  it("paints the list the app last rendered, rows as text, marked as the saved copy", async () => {
    await renderAndSave();
    const root = freshRoot();
    expect(paintSavedFirstScreen(root)).toBe(true);
    expect(names(root)).toEqual(["Maria <b>Garcia</b>", "Sophie Turner"]);
    expect(root.querySelector("[data-testid=conversation-row] .st-row-preview")?.textContent).toBe("<img src=x onerror=alert(1)>");
    expect(root.querySelector("img, b")).toBeNull();
    expect(root.querySelector(".web-shell")?.getAttribute("data-first-screen")).toBe("saved");
    expect(root.querySelector("[data-testid=view-all]")).not.toBeNull();
  });

  it("keeps only the rows inside the list's box (the windowed list's overscan is not on the first frame)", async () => {
    // jsdom lays nothing out: the list is 100 px high and each row sits at its own `top`, as in a browser.
    vi.spyOn(Element.prototype, "getBoundingClientRect").mockImplementation(function (this: Element) {
      const el = this as HTMLElement;
      const top = el.getAttribute("role") === "listbox" ? 0 : Number.parseFloat(el.style.top || "0");
      const height = el.getAttribute("role") === "listbox" ? 100 : 68;
      return { top, bottom: top + height, height, left: 0, right: 300, width: 300, x: 0, y: top, toJSON: () => ({}) } as DOMRect;
    });
    try {
      await renderAndSave(alice, [ada]);
    } finally {
      vi.restoreAllMocks();
    }
    const root = freshRoot();
    expect(paintSavedFirstScreen(root)).toBe(true);
    expect(names(root)).toEqual(["Maria <b>Garcia</b>", "Sophie Turner"]);
    const saved = JSON.parse(localStorage.getItem(KEY)!).html as string;
    expect(saved).not.toContain("Ada Park");
  });

  it("paints nothing once the saved first page is gone (signed out), or when it is another user's", async () => {
    await renderAndSave();
    clearFirstPage();
    expect(paintSavedFirstScreen(freshRoot())).toBe(false);

    localStorage.clear();
    await renderAndSave(alice);
    const alicesScreen = localStorage.getItem(KEY)!;
    await renderAndSave(bob);
    localStorage.setItem(KEY, alicesScreen); // Bob's first page, Alice's screen
    expect(paintSavedFirstScreen(freshRoot())).toBe(false);
  });

  it("drops scripts, event handlers and javascript: links from what it puts back", () => {
    localStorage.setItem("sidetext.popup.firstPage", JSON.stringify({ filterKey: "mine|open|", userId: alice.id, page: {} }));
    const html = `<div class="web-shell"><script>window.ran = 1</script><a href="javascript:alert(1)" onclick="window.ran = 2">x</a><img src="x" onerror="window.ran = 3"><iframe src="https://evil.test"></iframe><span data-testid="conversation-row">Maria</span></div>`;
    localStorage.setItem(KEY, JSON.stringify({ userId: alice.id, filterKey: "mine|open|", html }));
    const root = freshRoot();
    expect(paintSavedFirstScreen(root)).toBe(true);
    expect(root.querySelector("script, iframe")).toBeNull();
    expect(root.querySelector("a")?.hasAttribute("href")).toBe(false);
    expect(root.querySelector("a")?.hasAttribute("onclick")).toBe(false);
    expect(root.querySelector("img")?.hasAttribute("onerror")).toBe(false);
    expect(root.textContent).toContain("Maria");
  });

  it("leaves a root the app already rendered into alone", async () => {
    await renderAndSave();
    const root = freshRoot();
    root.textContent = "already here";
    expect(paintSavedFirstScreen(root)).toBe(false);
    expect(root.textContent).toBe("already here");
  });
});
