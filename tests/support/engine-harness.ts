// A sync engine on fake-indexeddb wired to a FakeInbox, with fast timers.
import { SidetextDb } from "../../src/db/schema";
import type { Message } from "../../src/protocol/entities";
import { createSyncEngine, type EngineDeps, type SyncEngine } from "../../src/sync/engine";
import { waitFor } from "./wait";
import { fastClock, type FakeInbox } from "./fake-inbox";

export interface Harness {
  db: SidetextDb;
  engine: SyncEngine;
  inbound: Message[];
  /** A new engine on the same database: what a restarted worker is. */
  restart(overrides?: Partial<EngineDeps>): Harness;
}

export function startHarness(inbox: FakeInbox, overrides: Partial<EngineDeps> = {}, db = new SidetextDb(`test-${crypto.randomUUID()}`)): Harness {
  const engine = createSyncEngine({
    db,
    WebSocket: inbox.WebSocket,
    createApi: (o) => inbox.api(o),
    clock: fastClock(),
    random: () => 0.5,
    ...overrides,
  });
  const inbound: Message[] = [];
  engine.onInbound((m) => inbound.push(...m));
  return { db, engine, inbound, restart: (o = {}) => startHarness(inbox, { ...overrides, ...o }, db) };
}

export const waitForState = (engine: SyncEngine, state: string, timeoutMs = 3000) =>
  waitFor(`connection ${state} (now ${engine.connection().state}: ${engine.connection().reason})`, () => engine.connection().state === state, timeoutMs, 5);
