// What the webhook benchmarks share (bench/webhooks.ts, bench/webhooks-dispatch.ts): the receiver in a child process
// (bench/webhook-receiver.mjs, as a real receiver runs on another machine), a server with endpoints on it, the CPU of
// one thread of this process, and the printing helpers.
import { fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { startServer } from "../tests/support/server";

type Server = Awaited<ReturnType<typeof startServer>>;

/** The receiver: `ask(what, key)` sends `what` (if any) and resolves with the answer's `key`. */
export async function startReceiver() {
  const child = fork(new URL("./webhook-receiver.mjs", import.meta.url));
  const ask = <T>(what: string, key: string) =>
    new Promise<T>((resolve) => {
      const on = (m: Record<string, unknown>) => {
        if (!(key in m)) return;
        child.off("message", on);
        resolve(m[key] as T);
      };
      child.on("message", on);
      if (what) child.send(what);
    });
  const url = `http://127.0.0.1:${await ask<number>("", "port")}/hook`;
  return {
    url,
    /** Arrivals so far. */
    count: () => ask<number>("count", "count"),
    /** The lags (commit → arrival, ms) and the receiver's CPU (µs) since the last take, which resets both. */
    take: () => ask<{ lags: number[]; cpuUs: number }>("take", "lags"),
    close: () => child.send("close"),
  };
}

/** A server on a fresh SQLite file with `endpoints` endpoints on `url` for message.created; the admin's token and the Main line inbox. */
export async function serverWithEndpoints(options: Parameters<typeof startServer>[0], url: string, endpoints: number) {
  const server: Server = await startServer(options);
  const token = await server.login("admin@demo.test");
  const inboxId = (await server.app.ctx.database.db.selectFrom("inbox").select("id").where("name", "=", "Main line").executeTakeFirstOrThrow()).id;
  const endpointIds: string[] = [];
  for (let i = 0; i < endpoints; i++)
    endpointIds.push((await server.call("POST", "/v1/webhooks", { token, json: { url, eventTypes: ["message.created"] } })).body.endpoint.id);
  return { server, token, inboxId, endpointIds };
}

const TICK_US = 1_000_000 / 100; // USER_HZ
/**
 * CPU (µs) of one thread of this process, by default the server's own (Linux: the task's utime + stime), apart from
 * its other threads (the webhook delivery thread, the WAL checkpointer, libuv's pool), which process.cpuUsage() adds in.
 */
export function threadCpuUs(tid = process.pid): number {
  try {
    const fields = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_US;
  } catch {
    return Number.NaN;
  }
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

export const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
