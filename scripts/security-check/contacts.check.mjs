// Item 4: a contact seen only in Support line stays unknown to bob (Main line only). Sending to its number
// names nobody: an opted-out number is refused without the contact's name, id or opt-out time, and a text
// to another Support line customer shows bob only the number, in the answer and in everything he reads next.
export const name = "contacts";

const lucas = { phone: "+16025550184", secrets: ["Lucas", "White", "Desert Solar", "Phoenix"] };
const ava = { phone: "+14045550152", secrets: ["Ava", "Thompson", "Peachtree", "Atlanta"] };

export async function run(t) {
  const [admin, bob] = [await t.login("admin@demo.test"), await t.login("bob@demo.test")];
  const { data: boot } = await t.call("GET", "/v1/bootstrap", { token: admin });
  const inbox = (n) => boot.inboxes.find((i) => i.name === n)?.id;
  const [main, support] = [inbox("Main line"), inbox("Support line")];
  if (!main || !support) throw new Error("the demo's Main line and Support line inboxes were not found");

  // Lucas (Support line only) opts out; admin, a Support member, sees his id and opt-out time.
  await t.call("POST", "/v1/simulator/inbound", { token: admin, json: { inboxId: support, from: lucas.phone, body: "STOP" } });
  const seen = (await t.call("GET", `/v1/lookup?phone=${encodeURIComponent(lucas.phone)}`, { token: admin })).data?.contact;
  const secrets = [...lucas.secrets, seen?.id, seen?.optedOutAt].filter(Boolean);
  const refused = await t.call("POST", "/v1/messages", {
    token: bob,
    json: { inboxId: main, to: lucas.phone, body: "Hello from sales", clientId: `check-lucas-${Date.now()}` },
  });
  t.check(
    "bob's text to an opted-out Support line number is refused with 409 opted_out",
    refused.status === 409 && t.errCode(refused) === "opted_out",
    `${refused.status} ${JSON.stringify(refused.data)}`,
  );
  const leaked = secrets.filter((s) => mentions(JSON.stringify(refused.data), s));
  t.check("the refusal names nothing of the contact (name, id, opt-out time)", leaked.length === 0, `leaked: ${leaked.join(", ")}`);

  // A text to Ava (Support line only) goes out, but bob learns only her number, anywhere he looks.
  const sent = await t.call("POST", "/v1/messages", {
    token: bob,
    json: { inboxId: main, to: ava.phone, body: "Hello from sales", clientId: `check-ava-${Date.now()}` },
  });
  t.check(
    "bob's text to a Support line customer's number is queued",
    sent.status === 201 || sent.status === 200,
    `${sent.status} ${JSON.stringify(sent.data)}`,
  );
  const reads = {
    "the send's answer": sent.data,
    lookup: (await t.call("GET", `/v1/lookup?phone=${encodeURIComponent(ava.phone)}`, { token: bob })).data,
    bootstrap: (await t.call("GET", "/v1/bootstrap", { token: bob })).data,
    "the conversation list": (await t.call("GET", "/v1/conversations?limit=100", { token: bob })).data,
    "a search for her name": (await t.call("GET", "/v1/conversations?q=Thompson", { token: bob })).data,
    sync: await syncAll(t, bob),
  };
  for (const [where, body] of Object.entries(reads)) {
    const found = ava.secrets.filter((s) => mentions(JSON.stringify(body), s));
    t.check(`${where} shows bob nothing of Ava's profile`, found.length === 0, `found: ${found.join(", ")}`);
  }
  t.check("a search for her name finds no conversation for bob", (reads["a search for her name"]?.conversations ?? []).length === 0);
}

// A secret counts as a word of its own: every id is 12 random base64url characters, and one in a few
// thousand holds "Ava" (a month of bob's history once did, and failed the check with nothing leaked).
function mentions(text, word) {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![A-Za-z0-9_-])${escaped}(?![A-Za-z0-9_-])`).test(text);
}

async function syncAll(t, token) {
  const events = [];
  for (let after = 0, i = 0; i < 50; i++) {
    const { data } = await t.call("GET", `/v1/sync?after=${after}&limit=1000`, { token });
    events.push(...(data.events ?? []));
    if (!data.hasMore) break;
    after = data.cursor;
  }
  return events;
}
