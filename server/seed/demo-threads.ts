// The demo workspace's threads: a small business's week across both inboxes, in every state (contacts by
// their key in demo-data.ts). Times are minutes before the seed runs.
/** [who, body, minutes ago, outcome]: "in" is the customer, "out" the team; outcome only for outbound. */
export type DemoMessage = [who: "in" | "out", body: string, minutesAgo: number, outcome?: "failed"];

export interface DemoConversation {
  contact: string;
  inbox: "main" | "support";
  status: "open" | "pending" | "snoozed" | "resolved";
  assignee: "alice" | "bob" | "admin" | null;
  /** Hours from now until a snoozed conversation wakes. */
  snoozeHours?: number;
  /** Alice has read everything (otherwise the conversation is unread for her when the last message is inbound). */
  readByAlice?: boolean;
  messages: DemoMessage[];
  note?: { author: "alice" | "bob" | "admin"; body: string; mentions: Array<"alice" | "bob" | "admin"> };
}

export const demoConversations: DemoConversation[] = [
  {
    contact: "maria",
    inbox: "main",
    status: "open",
    assignee: "alice",
    messages: [
      ["in", "Hi, can you send me a quote for the spring cleanup at our Mission St property?", 190],
      ["out", "Hi Maria, happy to! Roughly how big is the yard?", 185],
      ["in", "About 2,000 sq ft, mostly lawn and two flower beds.", 12],
    ],
    note: { author: "alice", body: "@bob she is a repeat customer, use last year's rate", mentions: ["bob"] },
  },
  {
    contact: "james",
    inbox: "main",
    status: "pending",
    assignee: "bob",
    readByAlice: true,
    messages: [
      ["in", "The water heater you installed is making a knocking noise.", 600],
      ["out", "Sorry to hear that, James. Could you send a photo of the pressure valve?", 590],
      ["in", "Sent it by email just now.", 560],
      ["out", "Got it, thanks. Our technician will call you tomorrow morning.", 540],
    ],
  },
  {
    contact: "priya",
    inbox: "main",
    status: "resolved",
    assignee: "alice",
    readByAlice: true,
    messages: [
      ["out", "Hi Priya, your new chairs ship on Friday.", 2880],
      ["in", "Perfect, thank you!", 2870],
    ],
  },
  {
    contact: "daniel",
    inbox: "main",
    status: "snoozed",
    assignee: "bob",
    snoozeHours: 48,
    readByAlice: true,
    messages: [
      ["in", "Can we revisit the listing photos after the open house?", 1500],
      ["out", "Sure, I'll check back with you on Monday.", 1490],
    ],
  },
  {
    contact: "sophie",
    inbox: "main",
    status: "open",
    assignee: null,
    readByAlice: true,
    messages: [
      ["in", "Do you deliver on Sundays?", 300],
      ["out", "Hi Sophie, yes we do, 9am to noon.", 295, "failed"],
    ],
  },
  {
    contact: "michael",
    inbox: "main",
    status: "open",
    assignee: null,
    messages: [
      ["in", "Is my car ready to pick up?", 45],
      ["out", "Hi Michael, almost. The brake pads arrive this afternoon.", 40],
      ["in", "OK, what time do you close?", 5],
    ],
  },
  {
    contact: "olivia",
    inbox: "main",
    status: "resolved",
    assignee: null,
    readByAlice: true,
    messages: [
      ["in", "Thanks for the invoice, paid.", 4320],
      ["out", "Received, thank you Olivia!", 4310],
    ],
  },
  {
    contact: "ethan",
    inbox: "main",
    status: "resolved",
    assignee: "bob",
    readByAlice: true,
    messages: [
      ["out", "Hi Ethan, a reminder that your permit renewal is due next week.", 7200],
      ["in", "STOP", 7190],
    ],
  },
  {
    contact: "emma",
    inbox: "main",
    status: "open",
    assignee: "bob",
    readByAlice: true,
    messages: [
      ["in", "Can I move Biscuit's appointment to Thursday?", 90],
      ["out", "Thursday at 3pm works. See you then!", 80],
    ],
  },
  {
    contact: "noah",
    inbox: "main",
    status: "pending",
    assignee: "alice",
    readByAlice: true,
    messages: [
      ["out", "Hi Noah, the group rate for the Cancun trip is confirmed.", 1440],
      ["in", "Great. Waiting to hear back from two more people.", 1400],
      ["out", "No rush, the hold lasts until the 15th.", 1390],
    ],
  },
  { contact: "liam", inbox: "main", status: "open", assignee: "alice", messages: [["in", "Do you have the 3-person tent in stock?", 30]] },
  {
    contact: "chloe",
    inbox: "main",
    status: "resolved",
    assignee: "bob",
    readByAlice: true,
    messages: [
      ["in", "The wedding bouquets were stunning, thank you!", 10080],
      ["out", "So glad to hear it, Chloe. Congratulations!", 10070],
    ],
  },
  {
    contact: "ava",
    inbox: "support",
    status: "open",
    assignee: "alice",
    messages: [
      ["in", "I can't log in to the client portal since yesterday.", 60],
      ["out", "Sorry about that, Ava. Could you try resetting your password from the login page?", 55],
      ["in", "Tried it, the reset email never arrives.", 20],
    ],
    note: { author: "admin", body: "Email bounce logs show her address as suppressed", mentions: [] },
  },
  {
    contact: "lucas",
    inbox: "support",
    status: "pending",
    assignee: null,
    readByAlice: true,
    messages: [
      ["in", "My inverter shows error E21.", 800],
      ["out", "Thanks Lucas, please switch it off and on again and tell us if the error stays.", 790],
    ],
  },
  {
    contact: "isabella",
    inbox: "support",
    status: "resolved",
    assignee: "alice",
    readByAlice: true,
    messages: [
      ["in", "Where do I find last month's statement?", 5000],
      ["out", "Under Billing > Statements in the portal.", 4990],
      ["in", "Found it, thanks.", 4980],
    ],
  },
  {
    contact: "mason",
    inbox: "support",
    status: "snoozed",
    assignee: "admin",
    snoozeHours: 24,
    readByAlice: true,
    messages: [
      ["in", "Please call me back next week about the storage contract.", 2000],
      ["out", "Will do, Mason. Talk next week.", 1990],
    ],
  },
  {
    contact: "harper",
    inbox: "support",
    status: "open",
    assignee: null,
    messages: [
      ["in", "HELP", 15],
      ["out", "Sidetext Support: reply with your question and we'll answer within one business day.", 15],
      ["in", "Our catering order shows twice on the invoice.", 14],
    ],
  },
  {
    contact: "maria",
    inbox: "support",
    status: "resolved",
    assignee: "alice",
    readByAlice: true,
    messages: [
      ["in", "How do I add a second user to our account?", 3000],
      ["out", "Settings > Team > Invite. Let us know if it gives you trouble!", 2990],
    ],
  },
];
