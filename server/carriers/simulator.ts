// The built-in carrier for demos and tests: no account anywhere. A send is accepted after one step
// (`sent`), and its receipt follows a step later: `delivered`, or `failed` when the body contains #fail,
// so failures can be shown on purpose.
import { randomBytes } from "node:crypto";
import type { Carrier, DeliveryReports, OutboundSms, SendResult } from "./carrier";

export const SIMULATED_FAILURE = { errorCode: "30003", errorReason: "The recipient's phone is switched off or out of coverage" };

export interface SimulatorCarrier extends Carrier {
  /** Ends pending steps: sends in progress return at once, receipts not yet given are dropped. */
  stop(): void;
}

export function createSimulatorCarrier(inboxId: string, reports: DeliveryReports, stepMs: number): SimulatorCarrier {
  const sending = new Map<NodeJS.Timeout, () => void>();
  const receipts = new Set<NodeJS.Timeout>();
  let stopped = false;

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
    async send(sms: OutboundSms): Promise<SendResult> {
      if (!stopped) await networkDelay();
      const carrierMessageId = `SM${randomBytes(16).toString("hex")}`;
      if (!stopped) sendReceipt(carrierMessageId, sms.body.includes("#fail"));
      return { ok: true, carrierMessageId, status: "sent" };
    },
    stop() {
      stopped = true;
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
