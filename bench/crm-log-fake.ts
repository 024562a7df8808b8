// The strict fake HubSpot of bench/crm-log.ts, in a child process of its own (forked with tsx): in production the
// CRM's work is not the server's, so its CPU must not land on the server's process or its event loop. It holds
// NUMBERS contacts as people typed them, and answers the parent's questions over IPC: how many requests it has had (and of which kind),
// and each bench text's Communication (when it arrived, and how long after the text's hs_timestamp).
import { startFakeHubspot } from "../tests/support/fakes/hubspot";

const NUMBERS = Number(process.argv[2] ?? 200);
const hub = await startFakeHubspot();
for (let n = 0; n < NUMBERS; n++)
  hub.contacts.push({ id: String(700 + n), properties: { firstname: "Bench", lastname: String(n), phone: `(415) 555-${String(1000 + n).padStart(4, "0")}` } });

type Input = { properties: Record<string, string> };
/** Each bench text's Communication since request `seen`, once (a retry or replay would update, not add). */
function logged(seen: number) {
  const byText = new Map<string, { at: number; lag: number }>();
  for (const r of hub.requests.slice(seen)) {
    if (r.method !== "POST") continue;
    // One Communication per request, or many in one batch create.
    const inputs =
      r.path === "/crm/v3/objects/communications"
        ? [r.body as Input]
        : r.path === "/crm/v3/objects/communications/batch/create"
          ? (r.body as { inputs: Input[] }).inputs
          : [];
    for (const { properties: p } of inputs) {
      const text = /\n\n(Bench \d+)$/.exec(p.hs_communication_body)?.[1];
      if (text && !byText.has(text)) byText.set(text, { at: r.at, lag: r.at - Date.parse(p.hs_timestamp) });
    }
  }
  return [...byText.values()];
}

/** The requests since `seen` by method and path (ids as :id): how many searches, batch creates, single creates. */
function byPath(seen: number) {
  const paths: Record<string, number> = {};
  for (const r of hub.requests.slice(seen)) {
    const key = `${r.method} ${r.path.replace(/\/\d+(?=\/|$)/g, "/:id")}`;
    paths[key] = (paths[key] ?? 0) + 1;
  }
  return paths;
}

type Ask = { type: "requests" } | { type: "logged"; seen: number } | { type: "paths"; seen: number } | { type: "close" };
process.on("message", (ask: Ask) => {
  if (ask.type === "requests") process.send?.({ requests: hub.requests.length });
  else if (ask.type === "logged") process.send?.({ logged: logged(ask.seen) });
  else if (ask.type === "paths") process.send?.({ paths: byPath(ask.seen) });
  else void hub.close().then(() => process.disconnect());
});
process.send?.({ url: hub.url, token: hub.token });
