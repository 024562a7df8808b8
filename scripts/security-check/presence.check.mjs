// Item 5: 2,000 presence frames from one socket in a burst reach a teammate as at most 100, and the
// flooding socket is closed (4429, "rate_limited": documented in server/stream/stream.routes.ts).
export const name = "presence";

export async function run(t) {
  const [alice, admin] = [await t.login("alice@demo.test"), await t.login("admin@demo.test")];
  const { data: boot } = await t.call("GET", "/v1/bootstrap", { token: admin });
  const main = boot.inboxes.find((i) => i.name === "Main line")?.id;
  const conversationId = boot.conversations.find((c) => c.inboxId === main)?.id;
  const aliceId = boot.users.find((u) => u.email === "alice@demo.test")?.id;
  if (!conversationId || !aliceId) throw new Error("the demo's Main line conversations were not found");

  const open = async (token) => {
    const s = t.stream();
    await s.opened;
    s.send({ type: "auth", token, after: boot.cursor });
    for (let i = 0; i < 100 && !s.frames.some((f) => f.type === "ready"); i++) await t.sleep(50);
    if (!s.frames.some((f) => f.type === "ready")) throw new Error(`no ready frame: ${JSON.stringify(s.frames.slice(0, 3))}`);
    return s;
  };
  const [flooder, teammate] = [await open(alice), await open(admin)];
  for (let i = 0; i < 2000; i++) {
    if (flooder.ws.readyState !== flooder.ws.OPEN) break;
    flooder.send({ type: "presence", conversationId, state: i % 2 ? "typing" : "viewing" });
  }
  await Promise.race([flooder.closed, t.sleep(3000)]);
  await t.sleep(1000);
  const relayed = teammate.frames.filter((f) => f.type === "presence" && f.userId === aliceId);
  t.check("2,000 presence frames reach a teammate as at most 100", relayed.length <= 100, `${relayed.length} relayed`);
  t.check("the flooding socket is closed with 4429", flooder.closeCode === 4429, `close code ${flooder.closeCode}`);
  t.check(
    "it is told why (error rate_limited)",
    flooder.frames.some((f) => f.type === "error" && f.code === "rate_limited"),
    JSON.stringify(flooder.frames.filter((f) => f.type === "error")),
  );
  t.check("the teammate's socket stays open", teammate.ws.readyState === teammate.ws.OPEN);
}
