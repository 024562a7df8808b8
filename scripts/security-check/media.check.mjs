// Item 7: media URLs are https: only, to public addresses; anything else is a 400 and is not stored.
export const name = "media";

const refused = [
  "javascript:alert(document.cookie)",
  "file:///etc/passwd",
  "http://169.254.169.254/latest/meta-data/",
  "https://169.254.169.254/latest/meta-data/iam/security-credentials/",
  "https://127.0.0.1/x.jpg",
  "https://10.0.0.5/x.jpg",
  "https://[::1]/x.jpg",
  "https://[fd00::1]/x.jpg",
];

export async function run(t) {
  const bob = await t.login("bob@demo.test");
  const { data: boot } = await t.call("GET", "/v1/bootstrap", { token: bob });
  const conversationId = boot.conversations[0]?.id;
  const main = boot.inboxes.find((i) => i.name === "Main line")?.id;
  if (!conversationId || !main) throw new Error("bob sees no conversation in the demo");
  for (const url of refused) {
    const clientId = `check-media-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const reply = await t.call("POST", `/v1/conversations/${conversationId}/messages`, {
      token: bob,
      json: { body: "See attached", mediaUrls: [url], clientId },
    });
    t.check(
      `a reply with ${url} gets 400 validation_failed`,
      reply.status === 400 && t.errCode(reply) === "validation_failed",
      `${reply.status} ${JSON.stringify(reply.data)}`,
    );
    const fresh = await t.call("POST", "/v1/messages", {
      token: bob,
      json: { inboxId: main, to: "+14155550142", body: "See attached", mediaUrls: [url], clientId: `${clientId}-new` },
    });
    t.check(`a new text with ${url} gets 400`, fresh.status === 400, `${fresh.status}`);
  }
  const { data: page } = await t.call("GET", `/v1/conversations/${conversationId}/messages?limit=100`, { token: bob });
  const stored = JSON.stringify(page).match(/javascript:|file:\/\/|169\.254\.169\.254/g) ?? [];
  t.check("none of them was stored", stored.length === 0, stored.join(", "));
}
