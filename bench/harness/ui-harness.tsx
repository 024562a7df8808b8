// A page that renders the real PopupApp / PanelApp over the in-memory view client, for screenshots and
// for timing the views alone (no worker, no IndexedDB). ?view=popup|panel&n=<conversations>
import { createRoot } from "react-dom/client";
import { ClientProvider } from "../../src/ui/common/client-context";
import { PanelApp } from "../../src/ui/panel/PanelApp";
import { PopupApp } from "../../src/ui/popup/PopupApp";
import { createFakeClient } from "../../tests/support/fake-view-client";
import {
  ago,
  alice,
  bob,
  contact,
  conversation,
  mainInbox,
  manyConversations,
  message,
  note,
  supportInbox,
  templates,
  users,
} from "../../tests/support/ui-fixtures";

const params = new URLSearchParams(location.search);
const view = params.get("view") ?? "popup";
const n = Number(params.get("n") ?? "0");
const connection = (params.get("connection") ?? "live") as "live";

const maria = contact("ct_maria", "+14155550123", "Maria Garcia", { attributes: { firstName: "Maria", lastName: "Garcia", company: "Garcia Landscaping" } });
const ethan = contact("ct_ethan", "+15125550145", "Ethan Lee", { optedOutAt: ago(7190) });
const demo = {
  conversations: [
    conversation("cv_maria", maria, {
      assigneeId: alice.id,
      lastMessageAt: ago(12),
      lastInboundAt: ago(12),
      preview: "About 2,000 sq ft, mostly lawn and two flower beds.",
    }),
    conversation("cv_ethan", ethan, { assigneeId: bob.id, status: "resolved", lastMessageAt: ago(7190), preview: "STOP" }),
  ],
  contacts: { [maria.id]: maria, [ethan.id]: ethan },
};
const bulk = manyConversations(n);
const now = new Date().toISOString();
const fake = createFakeClient({
  me: alice,
  users,
  inboxes: [mainInbox, supportInbox],
  templates,
  connection,
  reason: params.get("reason"),
  conversations: [...demo.conversations, ...bulk.conversations],
  contacts: { ...demo.contacts, ...bulk.contacts },
  messages: [
    message("cv_maria", "inbound", "Hi, can you send me a quote for the spring cleanup at our Mission St property?", { createdAt: ago(190) }),
    message("cv_maria", "outbound", "Hi Maria, happy to! Roughly how big is the yard?", { createdAt: ago(185), status: "delivered" }),
    message("cv_maria", "outbound", "We can come by Thursday 👍", {
      createdAt: ago(150),
      status: "failed",
      errorReason: "The carrier rejected the message as spam.",
    }),
    message("cv_maria", "inbound", "<img src=x onerror=alert(1)> About 2,000 sq ft, mostly lawn and two flower beds.", { createdAt: ago(12) }),
    message("cv_maria", "outbound", "Thanks! Sending the quote now.", { createdAt: ago(2), status: "sent", deliveryOverdue: true }),
  ],
  notes: [note("cv_maria", "@bob she is a repeat customer, use last year's rate", alice.id)],
  presence: [{ conversationId: "cv_maria", userId: bob.id, state: "typing", at: now }],
  record: {
    source: "salesforce",
    kind: "contact",
    name: "Maria Garcia",
    company: "Garcia Landscaping",
    url: "https://example.lightning.force.com/lightning/r/Contact/003/view",
    phones: [
      { raw: "(415) 555-0123", e164: "+14155550123", label: "mobile", extension: null },
      { raw: "(415) 555-0199", e164: "+14155550199", label: "work", extension: null },
    ],
    fields: { title: "Owner" },
  },
});
(window as unknown as { fake: typeof fake }).fake = fake;

// Timing for bench/popup.ts: from render() to the first frame painted with conversation rows on screen.
const timing = { dataReady: performance.now(), rowsPainted: 0 };
(window as unknown as { timing: typeof timing }).timing = timing;
const waitForRows = () => {
  if (!document.querySelector("[data-testid=conversation-row], [data-testid=thread]")) return requestAnimationFrame(waitForRows);
  // The frame with the rows is being produced now; the task after it runs once it is painted.
  requestAnimationFrame(() => setTimeout(() => (timing.rowsPainted = performance.now())));
};
requestAnimationFrame(waitForRows);
createRoot(document.getElementById("root")!).render(
  <ClientProvider client={fake.client}>{view === "panel" ? <PanelApp /> : <PopupApp initialHash={location.hash} />}</ClientProvider>,
);
