// The view side (src/ui/common/client.ts): commands resolve to typed results, subscriptions survive the worker
// going away (the port disconnects; the client reconnects and subscribes again).
import "../support/extension-env";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SessionSnapshot } from "../../src/protocol/messages";
import { createClient, type SubscriptionState } from "../../src/ui/common/client";
import { startHarness, waitForState, type Harness } from "../support/engine-harness";
import { FakeInbox, me } from "../support/fake-inbox";
import { waitFor } from "../support/wait";
import { createCommandRouter, createSubscriptionHub, portPair, workerContext, popupSender } from "../support/worker-harness";

let h: Harness;
let hub: ReturnType<typeof createSubscriptionHub>;
let ports: Array<ReturnType<typeof portPair>> = [];
let client: ReturnType<typeof createClient>;

beforeEach(async () => {
  const inbox = new FakeInbox();
  inbox.addConversation(1);
  h = startHarness(inbox);
  const ctx = workerContext(h);
  hub = createSubscriptionHub(ctx);
  const route = createCommandRouter(ctx);
  client = createClient({
    send: async (message) => route(message, popupSender),
    connect: (name) => {
      const pair = portPair(name);
      hub.attach(pair.worker);
      ports.push(pair);
      return pair.view;
    },
  });
  await h.engine.signIn("http://fake.localhost", me.email, "pw");
  await waitForState(h.engine, "live");
});
afterEach(() => {
  client.close();
  hub.dispose();
  h.engine.stop();
  ports = [];
});

describe("view client", () => {
  it("sends commands and gets typed results, including failures", async () => {
    expect(await client.send({ type: "settings.get" })).toMatchObject({ ok: true, data: { defaultCountry: "US" } });
    expect(await client.send({ type: "outbox.retry", clientId: "nope" })).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  it("turns a worker that does not answer into a typed error", async () => {
    const silent = createClient({ send: async () => undefined, connect: () => portPair("sidetext").view });
    expect(await silent.send({ type: "settings.get" })).toMatchObject({ ok: false, error: { code: "network" } });
  });

  it("re-subscribes after the worker restarts and keeps delivering snapshots", async () => {
    const states: Array<SubscriptionState<SessionSnapshot>> = [];
    client.subscribe({ type: "session" }, (s) => states.push(s));
    await waitFor("first snapshot", () => states.some((s) => s.status === "ready"));
    ports[0].worker.disconnect(); // the worker was stopped: Chrome closes its ports
    await waitFor("reconnected", () => ports.length === 2);
    await client.send({ type: "auth.signOut" });
    await waitFor("snapshot over the new port", () => states.at(-1)?.data?.connection.state === "signed_out");
  });
});
