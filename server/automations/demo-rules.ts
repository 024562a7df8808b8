// The demo workspace's example automations: Main line's business hours (a split shift, New York time) and an
// after-hours auto-reply. The rule ships switched off, so a fresh demo (and every test server built on it)
// sends nothing by itself; an admin turns it on with PATCH /v1/automations/rules/:id {enabled: true}.
import type { Executor } from "../db/executor";
import { newId } from "../ids";
import { insertRule, saveHours } from "./automations.repository";

const shifts = [
  { from: "09:00", to: "12:30" },
  { from: "13:30", to: "17:30" },
];

export async function seedDemoAutomations(db: Executor, mainLine: string, at: string): Promise<void> {
  await saveHours(db, mainLine, {
    timeZone: "America/New_York",
    weekly: { mon: shifts, tue: shifts, wed: shifts, thu: shifts, fri: [{ from: "09:00", to: "15:00" }], sat: [], sun: [] },
    holidays: ["2026-12-25", "2027-01-01"],
  });
  await insertRule(db, {
    id: newId("rule"),
    name: "After-hours reply on Main line",
    enabled: false,
    priority: 10,
    stopLower: false,
    trigger: { type: "message.inbound", first: false },
    match: "all",
    conditions: [
      { type: "inbox", inboxIds: [mainLine] },
      { type: "businessHours", within: false },
      { type: "assignee", is: "none" },
    ],
    actions: [{ type: "sendText", body: "Thanks for your text! We're closed right now and will reply when we open (Mon–Fri from 9am ET)." }],
    createdAt: at,
    updatedAt: at,
  });
}
