// The randomised feed harness (issue 14): writers that pause between statements, roll back now and then and
// sometimes hold their transaction for seconds, and readers that follow the feed the way clients do — HTTP
// pollers and stream sockets that drop and resume from their cursor on any live instance — plus a naive
// reader that follows the insert-time `seq` straight from the table, as readers did before positions.
import pg from "pg";
import WebSocket from "ws";
import { inTransaction } from "../../../server/events/transaction";
import { now } from "../../../server/ids";
import type { TestServer } from "../../support/server";
import { sleep } from "../../support/server";

/** A seeded random source, so that a failing run can be replayed with its seed. */
export function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: T[]) => xs[Math.floor(next() * xs.length)] };
}
export type Random = ReturnType<typeof random>;

export interface Reader {
  name: string;
  /** Positions handed to it, in arrival order, duplicates included. */
  seqs: number[];
  /** Ids of the entities its events carried. */
  ids: Set<string>;
  cursor: number;
  stop(): Promise<void>;
}

type Live = () => TestServer[];

/** Polls GET /v1/sync on a random live instance each time, with random pauses. */
export function poller(name: string, live: Live, token: string, cursor: number, rnd: Random): Reader {
  const reader: Reader = {
    name,
    seqs: [],
    ids: new Set(),
    cursor,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const server = rnd.pick(live());
      const res = await server?.call("GET", `/v1/sync?after=${reader.cursor}&limit=${rnd.int(1, 200)}`, { token }).catch(() => null);
      if (res?.status === 200) {
        for (const e of res.body.events) {
          reader.seqs.push(e.seq);
          reader.ids.add(e.data.id);
        }
        reader.cursor = res.body.cursor;
      }
      await sleep(rnd.int(0, 30));
    }
  })();
  return reader;
}

/** A stream socket on a random live instance that drops now and then and resumes from its cursor elsewhere. */
export function streamer(name: string, live: Live, token: string, cursor: number, rnd: Random): Reader & { resumes: number } {
  let stopped = false;
  let socket: WebSocket | null = null;
  const reader = {
    name,
    seqs: [] as number[],
    ids: new Set<string>(),
    cursor,
    resumes: 0,
    stop: async () => {
      stopped = true;
      socket?.close();
      await loop;
    },
  };
  const session = (server: TestServer) =>
    new Promise<void>((resolve) => {
      const ws = new WebSocket(`${server.url.replace(/^http/, "ws")}/v1/stream`);
      socket = ws;
      const drop = setTimeout(() => ws.close(), rnd.int(300, 3000));
      ws.on("open", () => ws.send(JSON.stringify({ type: "auth", token, after: reader.cursor })));
      ws.on("message", (data) => {
        const frame = JSON.parse(data.toString());
        const events = frame.type === "event" ? [frame.event] : frame.type === "events" ? frame.events : [];
        for (const e of events) {
          reader.seqs.push(e.seq);
          reader.ids.add(e.data.id);
          reader.cursor = e.seq;
        }
        if (frame.type === "ready") reader.cursor = Math.max(reader.cursor, frame.cursor);
      });
      ws.on("error", () => {});
      ws.on("close", () => {
        clearTimeout(drop);
        resolve();
      });
    });
  const loop = (async () => {
    while (!stopped) {
      const server = rnd.pick(live());
      if (server) await session(server);
      reader.resumes++;
      await sleep(rnd.int(0, 50));
    }
  })();
  return reader;
}

/** Follows `seq > N` straight from the table, as every reader did when seq was the position. */
export async function naiveReader(url: string, cursor: number): Promise<Reader> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const reader: Reader = {
    name: "naive seq > N",
    seqs: [],
    ids: new Set(),
    cursor,
    stop: async () => {
      stopped = true;
      await loop;
      await client.end();
    },
  };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await client.query(`select seq::int as seq, data::json->>'id' as id from event where seq > $1 order by seq limit 200`, [reader.cursor]);
      for (const r of rows) {
        reader.seqs.push(r.seq);
        reader.ids.add(r.id);
        reader.cursor = r.seq;
      }
      await sleep(5);
    }
  })();
  return reader;
}

class RollBack extends Error {}

/**
 * A writer on a random live instance: transactions of one to three templates with pauses between the
 * statements; about 5 % roll back, about 2 % are held open for seconds. Returns the ids it got committed.
 */
export function templateWriter(name: string, live: Live, rnd: Random, running: () => boolean) {
  const acknowledged: string[] = [];
  let n = 0;
  const done = (async () => {
    while (running()) {
      const server = rnd.pick(live());
      if (!server) {
        await sleep(20);
        continue;
      }
      const { ctx } = server.app;
      const ids: string[] = [];
      const held = rnd.next() < 0.02;
      const rollBack = rnd.next() < 0.05;
      try {
        await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
          for (let k = rnd.int(1, 3); k > 0; k--) {
            await sleep(rnd.int(0, 15));
            const at = now();
            const template = {
              id: `tpl_${name}_${n++}`,
              name: `${name} ${n}`,
              body: "randomised",
              inboxId: null,
              shortcut: null,
              createdAt: at,
              updatedAt: at,
            };
            await tx.db.insertInto("template").values(template).execute();
            await sleep(rnd.int(0, 10));
            await tx.emit("template.created", { ...template, media: [] });
            ids.push(template.id);
          }
          if (held) await sleep(rnd.int(1500, 3000));
          if (rollBack) throw new RollBack();
        });
        acknowledged.push(...ids);
      } catch {
        // Rolled back on purpose, or its instance was killed: not acknowledged, so never promised.
      }
    }
  })();
  return { acknowledged, done };
}

/** Customers texting in through the simulator, on random live instances; returns the acknowledged message ids. */
export function texter(live: Live, token: string, inboxId: string, rnd: Random, running: () => boolean) {
  const acknowledged: string[] = [];
  const done = (async () => {
    for (let i = 0; running(); i++) {
      const server = rnd.pick(live());
      const res = await server
        ?.call("POST", "/v1/simulator/inbound", { token, json: { inboxId, from: `+1415770${String(1000 + rnd.int(0, 80))}`, body: `randomised ${i}` } })
        .catch(() => null);
      if (res?.status === 201) acknowledged.push(res.body.message.id);
      await sleep(rnd.int(0, 20));
    }
  })();
  return { acknowledged, done };
}
