// Delivery callbacks arrive late, twice or out of order: a status only ever moves up this ranking.
import type { MessageStatus } from "../protocol/entities";

const rank: Record<MessageStatus, number> = {
  received: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  // The three outcomes are final: none replaces another.
  undelivered: 4,
  failed: 4,
  delivered: 4,
};

export const isFinalStatus = (s: MessageStatus) => rank[s] === 4;

/** Whether a message now in `current` may move to `next`. */
export function canAdvanceStatus(current: MessageStatus, next: MessageStatus): boolean {
  return rank[next] > rank[current];
}
