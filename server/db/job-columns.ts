// The columns every background job table shares (push, media fetches, CRM log, webhooks): one sender claims a
// due job for a lease (claimedBy until claimedUntil), settles it, or puts it back with its error for later.
export interface JobColumns {
  status: string;
  attempts: number;
  runAt: string;
  claimedBy: string | null;
  claimedUntil: string | null;
  lastError: string | null;
  createdAt: string;
  doneAt: string | null;
}
