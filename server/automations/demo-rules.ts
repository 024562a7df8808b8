// The demo workspace's example automations: Main line's business hours (a split shift, New York time), an
// after-hours auto-reply, round robin for new conversations on Main line, and an appointment reminder 24 h
// before an appointment.booked event's startsAt. The rules ship switched off, so a fresh demo (and every test
// server built on it) sends and assigns nothing by itself; an admin turns one on in the admin console's Rules.
import type { Executor } from "../db/executor";
import { cancelEvents } from "../../src/protocol/scheduled-sends";
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
      // Silent while someone is on it: claimed, or a teammate texted in the last 30 minutes.
      { type: "assignee", is: "none" },
      { type: "noRecentAgentReply", minutes: 30 },
    ],
    actions: [{ type: "sendText", body: "Thanks for your text! We're closed right now and will reply when we open (Mon–Fri from 9am ET)." }],
    cancelOn: [...cancelEvents],
    createdAt: at,
    updatedAt: at,
  });
  const rule = { enabled: false, stopLower: false, match: "all" as const, cancelOn: [...cancelEvents], createdAt: at, updatedAt: at };
  await insertRule(db, {
    ...rule,
    id: newId("rule"),
    name: "Round robin new conversations on Main line",
    priority: 20,
    trigger: { type: "conversation.created" },
    conditions: [
      { type: "inbox", inboxIds: [mainLine] },
      { type: "assignee", is: "none" },
    ],
    actions: [{ type: "assign", to: "roundRobin" }],
  });
  await insertRule(db, {
    ...rule,
    id: newId("rule"),
    name: "Appointment reminder (24 h before)",
    priority: 30,
    // A reminder still goes when they text meanwhile or a teammate replies; resolving or an opt-out stops it.
    cancelOn: ["resolved"],
    trigger: { type: "event", eventType: "appointment.booked", at: { field: "startsAt", minutes: -24 * 60 } },
    conditions: [{ type: "inbox", inboxIds: [mainLine] }],
    actions: [{ type: "sendText", body: "Hi {{contact.firstName}}, a reminder of your appointment with us tomorrow. Reply here if you need to change it." }],
  });
}
