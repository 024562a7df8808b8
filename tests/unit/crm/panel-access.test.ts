// The framed panel's access (src/crm/panel-access.ts): it waits for its content script's token only when
// framed with our channel, takes the first token handed over, and every port it opens presents it first.
import { describe, expect, it } from "vitest";
import { initialAccess, presenting, withToken } from "~src/crm/panel-access";
import type { PortLike } from "~src/platform/messaging";

const PANEL = "chrome-extension://abc/tabs/panel.html";
/** Just what initialAccess reads of a window: its address and whether it is the top one. */
const windowAt = (href: string, framed: boolean) => {
  const win: { location: { href: string }; top: unknown } = { location: { href }, top: null };
  win.top = framed ? {} : win;
  return win as unknown as Window;
};

describe("panel access", () => {
  it("waits for a token only in a frame our content script made (its channel in the address)", () => {
    expect(initialAccess(windowAt(`${PANEL}?channel=n1`, true))).toEqual({ kind: "waiting" });
    expect(initialAccess(windowAt(PANEL, true))).toEqual({ kind: "refused" }); // framed by someone else
    expect(initialAccess(windowAt(`${PANEL}?channel=n1`, false))).toEqual({ kind: "unframed" }); // an address opened in a tab
  });

  it("takes the first token handed over; none at all refuses; later ones change nothing", () => {
    const got = withToken({ kind: "waiting" }, "tok-1");
    expect(got).toEqual({ kind: "token", token: "tok-1" });
    expect(withToken(got, "tok-2")).toBe(got);
    expect(withToken({ kind: "waiting" }, null)).toEqual({ kind: "refused" });
    expect(withToken({ kind: "refused" }, "tok-3")).toEqual({ kind: "refused" });
    expect(withToken({ kind: "unframed" }, "tok-4")).toEqual({ kind: "unframed" });
  });

  it("every port it opens (a reconnect too) presents the token before anything else", async () => {
    const posted: unknown[][] = [];
    const connect = (name: string): PortLike => {
      const frames: unknown[] = [];
      posted.push(frames);
      return { name, tabId: null, post: (m) => void frames.push(m), onMessage: () => {}, onDisconnect: () => {}, disconnect: () => {} };
    };
    const sent: unknown[] = [];
    const transport = presenting("tok", { connect, send: async (m) => void sent.push(m) });
    transport.connect("sidetext").post({ type: "subscribe", id: "s1", topic: { type: "session" } });
    transport.connect("sidetext");
    await transport.send({ type: "conversation.read", conversationId: "c1" });
    expect(posted).toEqual([
      [
        { type: "present", token: "tok" },
        { type: "subscribe", id: "s1", topic: { type: "session" } },
      ],
      [{ type: "present", token: "tok" }],
    ]);
    expect(sent).toEqual([{ type: "conversation.read", conversationId: "c1" }]); // commands: admitted as the document that presented
  });
});
