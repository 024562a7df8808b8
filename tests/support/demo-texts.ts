// The browser tests' common start: a real demo server, alice signed in over the API, and customers who
// texted the Main line (through the simulator), so the panel or popup has their threads to show.
import { startServer, type TestServer } from "./server";

export interface DemoWithTexts {
  server: TestServer;
  /** alice@demo.test's token. */
  token: string;
  mainInboxId: string;
  /** Another customer texts the Main line. */
  textIn(from: string, body: string): Promise<void>;
}

export async function serverWithTexts(texts: ReadonlyArray<{ from: string; body: string }> = []): Promise<DemoWithTexts> {
  const server = await startServer();
  const token = await server.login("alice@demo.test");
  const me = await server.call("GET", "/v1/me", { token });
  const mainInboxId: string = me.body.inboxes.find((i: { name: string }) => i.name === "Main line").id;
  const textIn = async (from: string, body: string) => {
    const res = await server.call("POST", "/v1/simulator/inbound", { token, json: { inboxId: mainInboxId, from, body } });
    if (res.status >= 300) throw new Error(`inbound from ${from} failed: ${res.status} ${JSON.stringify(res.body)}`);
  };
  for (const t of texts) await textIn(t.from, t.body);
  return { server, token, mainInboxId, textIn };
}
