// Item 2: 30 wrong passwords for one account, each with a new X-Forwarded-For, meet a 429: the server does
// not believe a client's own X-Forwarded-For (TRUST_PROXY off), and it limits each account from anywhere.
// The account is a fresh teammate the demo owner adds, so the demo's own accounts stay usable for other checks.
export const name = "login-limit";

export async function run(t) {
  const owner = await t.login("admin@demo.test");
  let email = `limit-check-${Date.now().toString(36)}@demo.test`;
  let password = `right-${Math.random().toString(36).slice(2)}`;
  const made = await t.call("POST", "/v1/users", { token: owner, json: { email, name: "Login limit check", role: "agent", password } });
  if (made.status === 404) {
    // A server from before POST /v1/users (v1.0): probe a demo account instead, the audit's own probe.
    [email, password] = ["bob@demo.test", "sidetext-demo"];
  } else if (made.status !== 201) {
    throw new Error(`adding the teammate answered ${made.status} ${JSON.stringify(made.data)}`);
  }

  const statuses = [];
  for (let i = 0; i < 30; i++) {
    const forwardedFor = `198.51.100.${i + 1}, 203.0.113.${(i * 7) % 250}`;
    const r = await t.call("POST", "/v1/auth/login", { json: { email, password: `guess-${i}` }, headers: { "x-forwarded-for": forwardedFor } });
    statuses.push(r.status);
  }
  const first429 = statuses.indexOf(429);
  t.check("30 wrong passwords with rotating X-Forwarded-For meet a 429", first429 !== -1, `statuses: ${statuses.join(",")}`);
  t.check(
    "every attempt is a 401 or a 429, never a 200 or a 5xx",
    statuses.every((s) => s === 401 || s === 429),
    statuses.join(","),
  );
  t.check("once limited, every later attempt is limited too", first429 !== -1 && statuses.slice(first429).every((s) => s === 429), statuses.join(","));

  // The right password from a "new" address does not get in while the account is limited, and the answer says until when.
  const right = await t.call("POST", "/v1/auth/login", { json: { email, password }, headers: { "x-forwarded-for": "192.0.2.77" } });
  t.check("the right password is refused with 429 while limited", right.status === 429, `got ${right.status}`);
  t.check("the 429 says when to try again", /try again/i.test(right.data?.error?.message ?? ""), JSON.stringify(right.data));
}
