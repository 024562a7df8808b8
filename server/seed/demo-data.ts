// The demo workspace's content: people, threads and templates that look like a small business's week.
// Numbers are in the 555-01xx range reserved for fiction.

export interface DemoContact {
  key: string;
  phone: string;
  firstName: string;
  lastName: string;
  company: string;
  email: string;
  city: string;
}

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

const c = (key: string, phone: string, firstName: string, lastName: string, company: string, city: string): DemoContact => ({
  key,
  phone,
  firstName,
  lastName,
  company,
  city,
  email: `${firstName}.${lastName}@${company.toLowerCase().replace(/[^a-z]+/g, "")}.example`.toLowerCase(),
});

export const demoContacts: DemoContact[] = [
  c("maria", "+14155550123", "Maria", "Garcia", "Garcia Landscaping", "San Francisco"),
  c("james", "+12125550134", "James", "Wilson", "Wilson & Sons Plumbing", "New York"),
  c("priya", "+16465550156", "Priya", "Patel", "Brightside Dental", "Brooklyn"),
  c("daniel", "+13125550178", "Daniel", "Kim", "Lakeview Realty", "Chicago"),
  c("sophie", "+17185550112", "Sophie", "Turner", "Turner Bakery", "Queens"),
  c("michael", "+13105550187", "Michael", "Brown", "Pacific Auto Repair", "Los Angeles"),
  c("olivia", "+12065550163", "Olivia", "Johnson", "Emerald Yoga Studio", "Seattle"),
  c("ethan", "+15125550145", "Ethan", "Lee", "Lee Construction", "Austin"),
  c("emma", "+16175550171", "Emma", "Davis", "Harbor Veterinary", "Boston"),
  c("noah", "+13055550129", "Noah", "Martinez", "Sunrise Travel", "Miami"),
  c("liam", "+17205550138", "Liam", "Anderson", "Summit Outdoor Gear", "Denver"),
  c("chloe", "+15035550117", "Chloe", "Nguyen", "Rose City Florist", "Portland"),
  c("ava", "+14045550152", "Ava", "Thompson", "Peachtree Accounting", "Atlanta"),
  c("lucas", "+16025550184", "Lucas", "White", "Desert Solar", "Phoenix"),
  c("isabella", "+12155550166", "Isabella", "Harris", "Liberty Law Group", "Philadelphia"),
  c("mason", "+16125550193", "Mason", "Clark", "North Star Movers", "Minneapolis"),
  c("harper", "+12145550131", "Harper", "Lewis", "Lone Star Catering", "Dallas"),
  c("grace", "+16195550148", "Grace", "Walker", "Coastal Pet Grooming", "San Diego"),
  c("henry", "+17025550175", "Henry", "Young", "Neon Events", "Las Vegas"),
  c("zoe", "+19175550109", "Zoe", "Scott", "Hudson Interiors", "New York"),
];

/** The contact who texted STOP (their conversation below ends with it). */
export const optedOutContact = "ethan";

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

export const demoTemplates = [
  { name: "Greeting", body: "Hi {{contact.firstName}}, this is {{agent.firstName}} from the team. How can I help?", inbox: null, shortcut: "hi" },
  { name: "Follow-up", body: "Hi {{contact.firstName}}, just following up on our conversation. Any questions?", inbox: null, shortcut: "followup" },
  { name: "Quote ready", body: "Hi {{contact.firstName}}, the quote for {{record.company}} is ready. Shall I email it over?", inbox: null, shortcut: "quote" },
  { name: "Thanks", body: "Thanks {{contact.firstName}}! — {{agent.firstName}}", inbox: null, shortcut: null },
  {
    name: "Password reset",
    body: 'Hi {{contact.firstName}}, you can reset your password at the login page under "Forgot password". — {{agent.firstName}}, Support',
    inbox: "support",
    shortcut: "reset",
  },
] as const;
