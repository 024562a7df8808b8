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

/** The contact who texted STOP (their conversation in demo-threads.ts ends with it). */
export const optedOutContact = "ethan";

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
