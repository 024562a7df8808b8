// Readers of the feed the way the extension reads it, for the scale-out tests: a stream follower that
// reconnects with its cursor when its instance goes away, and a /v1/sync poller. Both record every event
// they were handed, in arrival order, duplicates included, so a test can prove "exactly once, in order".
import type { TestServer } from "../../support/server";
import { sleep } from "../../support/server";
import { openStream, type StreamConn } from "./stream-client";

export class StreamFollower {
  readonly seqs: number[] = [];
  private conn: StreamConn | null = null;
  private stopped = false;
  private connecting: Promise<void> | null = null;
  reconnects = 0;

  /** `server()` answers the follower's instance, or null while it is down (the follower waits). */
  constructor(
    private server: () => TestServer | null,
    private token: string,
    private cursor: number,
  ) {}

  get last() {
    return this.cursor;
  }

  start() {
    this.connecting = this.connect();
    return this.connecting;
  }

  private async connect() {
    for (;;) {
      const server = this.server();
      if (this.stopped) return;
      if (!server) {
        await sleep(25);
        continue;
      }
      try {
        const conn = await openStream(server, this.token, this.cursor);
        this.conn = conn;
        // Frames already received (the replay) and every later one.
        let seen = 0;
        const take = () => {
          const events = conn.events();
          for (; seen < events.length; seen++) {
            this.seqs.push(events[seen].seq);
            this.cursor = Math.max(this.cursor, events[seen].seq);
          }
        };
        take();
        conn.socket.on("message", () => setImmediate(take));
        conn.closed.then(() => {
          take();
          if (this.stopped) return;
          this.reconnects++;
          this.connecting = this.connect();
        });
        return;
      } catch {
        await sleep(50);
      }
    }
  }

  async stop() {
    this.stopped = true;
    await this.connecting;
    await this.conn?.close();
  }
}

/** Polls GET /v1/sync from `after` until stopped, recording every event it is handed. */
export class SyncPoller {
  readonly seqs: number[] = [];
  private stopped = false;
  private running: Promise<void> | null = null;
  private failure: unknown = null;

  constructor(
    private server: () => TestServer,
    private token: string,
    public cursor: number,
  ) {}

  start() {
    this.running = (async () => {
      while (!this.stopped) {
        const res = await this.server().call("GET", `/v1/sync?after=${this.cursor}&limit=200`, { token: this.token });
        if (res.status !== 200) throw new Error(`sync answered ${res.status}`);
        for (const e of res.body.events) this.seqs.push(e.seq);
        this.cursor = res.body.cursor;
        if (!res.body.hasMore) await sleep(20);
      }
    })().catch((err) => {
      this.failure = err;
    });
  }

  async stop() {
    this.stopped = true;
    await this.running;
    if (this.failure) throw this.failure;
  }
}

/** The seqs `token`'s user may read after `after`, from the feed itself, every page. */
export async function feedSeqs(server: TestServer, token: string, after: number): Promise<number[]> {
  const seqs: number[] = [];
  for (let cursor = after; ; ) {
    const res = await server.call("GET", `/v1/sync?after=${cursor}&limit=500`, { token });
    if (res.status !== 200) throw new Error(`sync answered ${res.status}`);
    seqs.push(...res.body.events.map((e: { seq: number }) => e.seq));
    cursor = res.body.cursor;
    if (!res.body.hasMore) return seqs;
  }
}
