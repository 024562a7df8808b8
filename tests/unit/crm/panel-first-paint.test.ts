// @vitest-environment jsdom
// The framed panel's first frame on a full load (src/crm/panel-first-paint.ts): the cached thread under the
// record's name, in plain DOM before React's panel; bodies are text, never HTML; removed without a trace.
import { describe, expect, it } from "vitest";
import { firstPaintOfDocument, paintFirstThread } from "~src/crm/panel-first-paint";
import { panelThreadHtml } from "~src/worker/panel-page-html";
import { cachedThreadOf } from "~src/crm/panel-recent";
import { QueryClient } from "@tanstack/react-query";
import { topicKey } from "~src/ui/common/client-context";
import { bubbleTime } from "~src/ui/common/format";

const message = (id: string, direction: "inbound" | "outbound", body: string, createdAt: string) =>
  ({ id, direction, body, createdAt, media: [], status: direction === "inbound" ? "received" : "delivered" }) as never;

describe("first paint of the framed panel", () => {
  it("paints the name and each message in order, bodies as text, and removes it all", () => {
    document.body.innerHTML = '<div id="__plasmo"></div>';
    const remove = paintFirstThread(document.body, "Maria <b>Garcia</b>", {
      messages: [
        message("m1", "inbound", "<img src=x onerror=alert(1)>Hi", "2026-12-01T09:00:00Z"),
        message("m2", "outbound", "Hello Maria", "2026-12-01T09:05:00Z"),
      ],
    });
    const painted = document.body.firstElementChild as HTMLElement;
    expect(painted.dataset.firstPaint).toBe("");
    expect(painted.querySelector("h1")!.textContent).toBe("Maria <b>Garcia</b>");
    expect(painted.querySelectorAll("img, b")).toHaveLength(0);
    const rows = [...painted.querySelectorAll(".st-bubble-row")];
    expect(rows.map((r) => r.className)).toEqual(["st-bubble-row is-in", "st-bubble-row is-out"]);
    expect(rows.map((r) => r.querySelector(".st-bubble-text")!.textContent)).toEqual(["<img src=x onerror=alert(1)>Hi", "Hello Maria"]);
    expect(rows[1].querySelector(".st-bubble-meta")!.textContent).toBe(bubbleTime("2026-12-01T09:05:00Z"));
    remove();
    expect(document.body.innerHTML).toBe('<div id="__plasmo"></div>');
  });

  it("finds the thread the panel opens on (the number's newest conversation) only when both snapshots are cached", () => {
    const queries = new QueryClient();
    const ready = (data: unknown) => ({ status: "ready", data, error: null });
    expect(cachedThreadOf(queries, "+1")).toBeNull();
    queries.setQueryData(
      topicKey({ type: "phone", e164: "+1" }),
      ready({
        conversations: [
          { id: "old", lastMessageAt: "2026-01-01" },
          { id: "new", lastMessageAt: "2026-02-01" },
        ],
      }),
    );
    expect(cachedThreadOf(queries, "+1")).toBeNull();
    queries.setQueryData(topicKey({ type: "thread", conversationId: "old" }), ready({ conversationId: "old", messages: [] }));
    expect(cachedThreadOf(queries, "+1")).toBeNull();
    queries.setQueryData(topicKey({ type: "thread", conversationId: "new" }), ready({ conversationId: "new", messages: [] }));
    expect(cachedThreadOf(queries, "+1")).toEqual({ conversationId: "new", messages: [] });
  });

  describe("rendered by the worker into the page (src/worker/panel-page.ts)", () => {
    const A = "https://crm.test/a";
    const thread = { messages: [message("m1", "inbound", "</p><a href=//evil.example>x</a>", "2026-12-01T09:00:00Z")] };
    const load = () => {
      document.body.innerHTML = `${panelThreadHtml(A, "Maria", thread)}<div id="__plasmo"></div>`;
      return firstPaintOfDocument(document.body);
    };

    it("is the same markup the panel paints itself, with the record's URL on it", () => {
      document.body.innerHTML = "";
      paintFirstThread(document.body, "Maria", thread);
      const own = document.body.innerHTML.replace('data-first-paint=""', "");
      document.body.innerHTML = panelThreadHtml(A, "Maria", thread);
      expect((document.body.firstElementChild as HTMLElement).dataset.firstPaint).toBe(A);
      expect(document.body.innerHTML.replace(`data-first-paint="${A}"`, "").replaceAll(' elementtiming="sidetext-thread"', "")).toBe(own);
      expect(document.querySelectorAll("a")).toHaveLength(0);
    });

    it("is adopted as the document's first paint: never painted again, kept for its own record", () => {
      const first = load();
      expect(first.mayPaint()).toBe(false);
      first.expect(A);
      expect(document.querySelector("[data-first-paint]")).not.toBeNull();
      first.end(); // React's panel shows the record
      expect(document.body.innerHTML).toBe('<div id="__plasmo"></div>');
    });

    it("goes the moment the page expects another record", () => {
      const first = load();
      first.expect("https://crm.test/b");
      expect(document.querySelector("[data-first-paint]")).toBeNull();
    });
  });
});
