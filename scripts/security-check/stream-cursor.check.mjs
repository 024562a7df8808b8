// Item 6: a stream cursor ahead of the feed is refused as /v1/sync refuses it (410 there): an error frame
// {type:"error", code:"cursor_expired"}, then close 4411 (bootstrap again), and never `ready`.
export const name = "stream-cursor";

export async function run(t) {
  const bob = await t.login("bob@demo.test");
  const sync = await t.call("GET", "/v1/sync?after=99999999", { token: bob });
  t.check(
    "/v1/sync answers 410 cursor_expired for after=99999999",
    sync.status === 410 && t.errCode(sync) === "cursor_expired",
    `${sync.status} ${JSON.stringify(sync.data)}`,
  );
  const s = t.stream();
  await s.opened;
  s.send({ type: "auth", token: bob, after: 99999999 });
  await Promise.race([s.closed, t.sleep(5000)]);
  t.check(
    "the stream sends an error frame with code cursor_expired",
    s.frames.some((f) => f.type === "error" && f.code === "cursor_expired"),
    JSON.stringify(s.frames),
  );
  t.check("the stream never says ready for it", !s.frames.some((f) => f.type === "ready"), JSON.stringify(s.frames));
  t.check("the stream closes with 4411", s.closeCode === 4411, `close code ${s.closeCode}`);
}
