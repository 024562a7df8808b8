// Password hashing (scrypt) is slow on purpose and runs on libuv's small thread pool, which also serves file
// and DNS work. Sign-ins are unauthenticated, so at most a few hashes run at once and a short queue waits;
// beyond that a sign-in is refused at once (429) instead of piling up CPU work for whoever sends the most.
import { AppError } from "../errors";

export class HashSlots {
  private running = 0;
  private waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency = 2,
    private readonly maxWaiting = 32,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw new AppError("rate_limited", "The server is busy checking other sign-ins; try again in a few seconds");
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, or is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

const perServer = new WeakMap<object, HashSlots>();

/** One set of slots per server, shared by sign-in and password change. */
export function hashSlotsFor(ctx: object): HashSlots {
  let slots = perServer.get(ctx);
  if (!slots) {
    slots = new HashSlots();
    perServer.set(ctx, slots);
  }
  return slots;
}
