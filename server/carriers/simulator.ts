// The built-in carrier for demos and tests: no account anywhere. A send is accepted after one step
// (`sent`), and its receipt follows a step later: `delivered`, or `failed` when the body contains #fail,
// so failures can be shown on purpose. Media is fetched like a carrier does before it takes an MMS: a URL it
// cannot fetch fails the send (Twilio's 11200), and what it fetched is kept in `fetched`.
import { createHash, randomBytes } from "node:crypto";
import type { Carrier, DeliveryReports, OutboundSms, SendResult } from "./carrier";

export const SIMULATED_FAILURE = { errorCode: "30003", errorReason: "The recipient's phone is switched off or out of coverage" };

/** One media URL the simulator fetched for an MMS, as a carrier would. */
export interface FetchedMedia {
  url: string;
  status: number;
  contentType: string | null;
  size: number;
  sha256: string;
}

export interface SimulatorCarrier extends Carrier {
  /** Ends pending steps: sends in progress return at once, receipts not yet given are dropped. */
  stop(): void;
  /** The media fetched for sends so far, oldest first. */
  readonly fetched: FetchedMedia[];
}

const FETCH_TIMEOUT_MS = 10_000;
const mediaFailure = (why: string): SendResult => ({
  ok: false,
  permanent: true,
  errorCode: "11200", // Twilio's "HTTP retrieval failure"
  errorReason: `The carrier could not get the attachment: ${why}`,
});

export function createSimulatorCarrier(inboxId: string, reports: DeliveryReports, stepMs: number): SimulatorCarrier {
  const sending = new Map<NodeJS.Timeout, () => void>();
  const receipts = new Set<NodeJS.Timeout>();
  const fetched: FetchedMedia[] = [];
  const stopping = new AbortController();
  let stopped = false;

  /** Fetches each URL (GET, as carriers do); the first that fails is the send's failure. */
  const fetchMedia = async (urls: string[]): Promise<SendResult | null> => {
    for (const url of urls) {
      try {
        const res = await fetch(url, { signal: AbortSignal.any([stopping.signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]) });
        const bytes = Buffer.from(await res.arrayBuffer());
        fetched.push({
          url,
          status: res.status,
          contentType: res.headers.get("content-type"),
          size: bytes.length,
          sha256: createHash("sha256").update(bytes).digest("hex"),
        });
        if (!res.ok) return mediaFailure(`the media URL answered HTTP ${res.status}`);
      } catch (err) {
        return mediaFailure(`the media URL could not be fetched (${(err as Error).message})`);
      }
    }
    return null;
  };

  const networkDelay = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        sending.delete(timer);
        resolve();
      }, stepMs);
      sending.set(timer, resolve);
    });

  const sendReceipt = (carrierMessageId: string, failed: boolean) => {
    const timer = setTimeout(() => {
      receipts.delete(timer);
      const outcome = failed ? { status: "failed" as const, ...SIMULATED_FAILURE } : { status: "delivered" as const };
      reports.reportStatus({ inboxId, carrierMessageId, ...outcome }).catch(() => {
        // The database closed under a late receipt (shutdown): the message stays `sent`, as with a real carrier.
      });
    }, stepMs);
    receipts.add(timer);
  };

  return {
    fetched,
    async send(sms: OutboundSms): Promise<SendResult> {
      const refused = stopped ? null : await fetchMedia(sms.mediaUrls);
      if (refused) return refused;
      if (!stopped) await networkDelay();
      const carrierMessageId = `SM${randomBytes(16).toString("hex")}`;
      if (!stopped) sendReceipt(carrierMessageId, sms.body.includes("#fail"));
      return { ok: true, carrierMessageId, status: "sent" };
    },
    stop() {
      stopped = true;
      stopping.abort();
      for (const [timer, resolve] of sending) {
        clearTimeout(timer);
        resolve();
      }
      for (const timer of receipts) clearTimeout(timer);
      sending.clear();
      receipts.clear();
    },
  };
}
