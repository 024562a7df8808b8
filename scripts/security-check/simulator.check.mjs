// Item 1: the simulator makes customer texts that no carrier sent, so it must not reach an inbox on a real
// carrier. As the demo owner, make a Twilio inbox (credentials are only checked for their form at creation:
// nothing calls Twilio until a text is sent, and this check sends none), then ask the simulator to text it.
export const name = "simulator";

const fakeTwilio = { accountSid: `AC${"0123456789abcdef".repeat(2)}`, authToken: "0123456789abcdef0123456789abcdef" };

async function twilioInbox(t, token) {
  // A fictional 555-01xx number no other inbox uses (a rerun against the same server picks another).
  for (let i = 0; i < 20; i++) {
    const phoneNumber = `+1415555${String(100 + Math.floor(Math.random() * 100)).padStart(4, "0")}`;
    const r = await t.call("POST", "/v1/inboxes", {
      token,
      json: { name: "Security check (Twilio)", phoneNumber, carrier: "twilio", credentials: fakeTwilio },
    });
    if (r.status === 201) return r.data.inbox;
    if (r.status !== 409) throw new Error(`creating a Twilio inbox answered ${r.status} ${JSON.stringify(r.data)}`);
  }
  throw new Error("no free 555-01xx number for the Twilio inbox");
}

export async function run(t) {
  const owner = await t.login("admin@demo.test");
  const inbox = await twilioInbox(t, owner);

  const forged = await t.call("POST", "/v1/simulator/inbound", { token: owner, json: { inboxId: inbox.id, from: "+14155550123", body: "STOP" } });
  t.check(
    "a forged STOP into a Twilio inbox is refused with 4xx",
    forged.status >= 400 && forged.status < 500,
    `got ${forged.status} ${JSON.stringify(forged.data)}`,
  );
  t.check("the refusal says why", /simulator/i.test(forged.data?.error?.message ?? ""), JSON.stringify(forged.data));

  const list = await t.call("GET", `/v1/conversations?inbox=${inbox.id}`, { token: owner });
  t.check(
    "nothing was written to the Twilio inbox",
    list.status === 200 && list.data.conversations.length === 0,
    `${list.status} ${JSON.stringify(list.data).slice(0, 200)}`,
  );

  const lookup = await t.call("GET", "/v1/lookup?phone=%2B14155550123", { token: owner });
  t.check("the customer was not opted out", lookup.status === 200 && !lookup.data.contact?.optedOutAt, JSON.stringify(lookup.data?.contact ?? null));

  const help = await t.call("POST", "/v1/simulator/inbound", { token: owner, json: { inboxId: inbox.id, from: "+14155550188", body: "HELP" } });
  t.check("a forged HELP into a Twilio inbox is refused with 4xx", help.status >= 400 && help.status < 500, `got ${help.status}`);
}
