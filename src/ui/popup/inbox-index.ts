// The popup's list logic, kept pure and fast: 5,000 conversations are indexed once per snapshot, then
// views, filters and search are plain array scans over precomputed lowercase strings (well under 30 ms).
import { toE164 } from "../../core/phone";
import type { Contact, Conversation, ConversationStatus } from "../../protocol/entities";

export type View = "mine" | "unassigned" | "all";

export interface IndexedConversation {
  conversation: Conversation;
  contact: Contact | undefined;
  /** The contact's name, or null (the row then shows the number; formatting 5,000 numbers up front is slow). */
  name: string | null;
  /** Newest activity, for sorting. */
  at: string;
  /** Lowercased name and preview (and cached message text when the caller adds it). */
  text: string;
  /** The contact's number as digits only ("14155550123"). */
  digits: string;
}

export function indexConversations(
  conversations: Conversation[],
  contacts: Record<string, Contact>,
  extraText?: (c: Conversation) => string,
): IndexedConversation[] {
  const rows = conversations.map((conversation) => {
    const contact = contacts[conversation.contactId];
    const name = contact?.name?.trim() || null;
    const extra = extraText?.(conversation) ?? "";
    return {
      conversation,
      contact,
      name,
      at: conversation.lastMessageAt ?? conversation.createdAt,
      text: `${name ?? ""}\n${conversation.preview}\n${extra}`.toLowerCase(),
      digits: (contact?.phoneNumber ?? "").replace(/\D/g, ""),
    };
  });
  return rows.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

export interface ListFilter {
  view: View;
  status: ConversationStatus;
  /** "" for every inbox. */
  inboxId: string;
  /** "" for any tag; else only conversations whose contact has it. */
  tag?: string;
  query: string;
  meId: string | undefined;
  /** Conversations the worker found by cached message text: listed after the instant matches. */
  textMatches?: ReadonlySet<string>;
}

const inView = (c: Conversation, view: View, meId: string | undefined) =>
  view === "all" || (view === "mine" ? !!meId && c.assigneeId === meId : c.assigneeId === null);

/** Builds the matcher for a search once: text words, plus the number in any format as digits. */
function searchMatcher(query: string): (row: IndexedConversation) => boolean {
  const q = query.trim().toLowerCase();
  if (!q) return () => true;
  const rawDigits = q.replace(/\D/g, "");
  const looksLikeNumber = rawDigits.length >= 3 && /^[\d\s().+-]+$/.test(q);
  if (looksLikeNumber) {
    const e164Digits = rawDigits.length >= 7 ? toE164(q)?.slice(1) : undefined;
    return (row) => row.digits.includes(rawDigits) || (!!e164Digits && row.digits === e164Digits);
  }
  const words = q.split(/\s+/);
  return (row) => words.every((w) => row.text.includes(w));
}

/**
 * Rows for the current view, status, inbox and search, newest first (instant matches, then those found only
 * in cached message text); each view's count; and how many rows came from message text.
 */
export function filterConversations(
  rows: IndexedConversation[],
  f: ListFilter,
): { rows: IndexedConversation[]; counts: Record<View, number>; fromText: number } {
  const counts = { mine: 0, unassigned: 0, all: 0 };
  const match = searchMatcher(f.query);
  const out: IndexedConversation[] = [];
  const byText: IndexedConversation[] = [];
  for (const row of rows) {
    const c = row.conversation;
    if (c.status !== f.status || (f.inboxId && c.inboxId !== f.inboxId)) continue;
    if (f.tag && !row.contact?.tags?.includes(f.tag)) continue;
    counts.all++;
    if (c.assigneeId === null) counts.unassigned++;
    else if (f.meId && c.assigneeId === f.meId) counts.mine++;
    if (!inView(c, f.view, f.meId)) continue;
    if (match(row)) out.push(row);
    else if (f.textMatches?.has(c.id)) byText.push(row);
  }
  return { rows: byText.length ? [...out, ...byText] : out, counts, fromText: byText.length };
}

export function isUnread(c: Conversation, meId: string | undefined): boolean {
  if (!c.lastInboundAt || !meId) return false;
  const read = c.readBy[meId];
  return !read || read < c.lastInboundAt;
}
