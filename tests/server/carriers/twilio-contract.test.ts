// Contract: every request the Twilio adapter makes is valid against Twilio's own OpenAPI description.
// Prism (started here) serves a mock generated from ../shared/fixtures/twilio and validates each request
// (--errors: a violation is answered 422 with the list). Prism 5 rejects any MediaUrl ("must be array",
// its issue #2473), so MMS bodies are also checked against the spec's schema directly.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type RequestClient from "twilio/lib/base/RequestClient";
import { createTwilioCarrier } from "../../../server/carriers/twilio";
import type { OutboundSms } from "../../../server/carriers/carrier";
import { LocalRequestClient } from "./fake-twilio";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const specPath = path.resolve(repoRoot, "../shared/fixtures/twilio/twilio_api_v2010.json");
const accountSid = `AC${"0123456789abcdef".repeat(2)}`;

interface Answer {
  status: number;
  body: any;
  form: URLSearchParams;
}
/** Records each answer beside the exact form body that went over the wire. */
class RecordingClient extends LocalRequestClient {
  answers: Answer[] = [];
  private wire = "";
  constructor(baseUrl: string) {
    super(baseUrl);
    this.axios.interceptors.request.use((config) => {
      this.wire = String(config.data ?? "");
      return config;
    });
  }
  override async request<T>(opts: RequestClient.RequestOptions<T>) {
    const response = await super.request(opts);
    this.answers.push({ status: response.statusCode, body: response.body, form: new URLSearchParams(this.wire) });
    return response;
  }
}

let prism: ChildProcess;
let baseUrl: string;

beforeAll(async () => {
  if (!fs.existsSync(specPath)) throw new Error(`Twilio's OpenAPI description is missing at ${specPath} (shared/ must sit beside the repository)`);
  const port = await freePort();
  prism = spawn("npx", ["prism", "mock", specPath, "-p", String(port), "--errors"], { cwd: repoRoot, stdio: "ignore", detached: true });
  baseUrl = `http://127.0.0.1:${port}`;
  await waitForPort(port, 45_000);
});
afterAll(() => {
  if (prism?.pid) process.kill(-prism.pid, "SIGTERM"); // its own process group: npx and prism both end
});

const sms = (over: Partial<OutboundSms> = {}): OutboundSms => ({
  messageId: "msg_1",
  from: "+12125550100",
  to: "+12125550199",
  body: "Hi Dana, your order #1042 shipped 📦",
  mediaUrls: [],
  statusCallbackUrl: "https://sidetext.example.com/webhooks/twilio/inb_3kq9",
  ...over,
});

describe("Twilio adapter against Twilio's OpenAPI description", () => {
  it.each([
    ["a plain SMS", sms()],
    ["a long multi-segment body", sms({ body: "Thanks for your order. ".repeat(60).trim() })],
    ["a callback URL with a port and query", sms({ statusCallbackUrl: "https://sidetext.example.com:8443/webhooks/twilio/inb_3kq9?region=eu" })],
  ])("sends %s in a form the mock accepts", async (_name, message) => {
    const client = new RecordingClient(baseUrl);
    const result = await createTwilioCarrier({ accountSid, authToken: "a".repeat(32), httpClient: client }).send(message);
    expect(client.answers.map((a) => [a.status, a.body?.validation])).toEqual([[201, undefined]]);
    expect(formViolations(client.answers[0].form)).toEqual([]);
    expect(result).toMatchObject({ ok: true, carrierMessageId: expect.stringMatching(/^SM/) });
  });

  it("sends an MMS whose only complaint from Prism is its known MediaUrl quirk, and whose body matches the spec", async () => {
    const client = new RecordingClient(baseUrl);
    const mediaUrls = ["https://cdn.example.com/receipt.jpg", "https://cdn.example.com/map.png"];
    await createTwilioCarrier({ accountSid, authToken: "a".repeat(32), httpClient: client }).send(sms({ mediaUrls }));
    const [answer] = client.answers;
    expect(answer.status).toBe(422);
    expect(answer.body.validation).toEqual([
      expect.objectContaining({ location: ["body", "MediaUrl"], message: "Request body property MediaUrl must be array" }),
    ]);
    expect(formViolations(answer.form)).toEqual([]);
    expect(answer.form.getAll("MediaUrl")).toEqual(mediaUrls);
  });

  it("looks a text up before a retry with a list request the mock finds valid (To, From, DateSent>=, PageSize)", async () => {
    const client = new RecordingClient(baseUrl);
    const carrier = createTwilioCarrier({ accountSid, authToken: "a".repeat(32), httpClient: client });
    await carrier.findSent!(sms(), new Date().toISOString(), new Set()).catch(() => null);
    // Prism checks the request, then its own generated page, whose example URIs (relative) fail the spec's
    // `format: uri`: that 500 is about the mock's answer; the request itself must have no violation.
    expect(client.answers.length).toBeGreaterThanOrEqual(1);
    const requestViolations = client.answers.flatMap((a) => (a.body?.validation ?? []).filter((v: { location: string[] }) => v.location[0] !== "response"));
    expect(requestViolations).toEqual([]);
    expect(client.answers.every((a) => a.status === 200 || a.body?.validation?.every((v: { location: string[] }) => v.location[0] === "response"))).toBe(true);
  });
});

/** The spec's CreateMessageRequest schema applied to a form body (repeated keys are an array). */
function formViolations(form: URLSearchParams): string[] {
  const spec = JSON.parse(fs.readFileSync(specPath, "utf8"));
  const schema = spec.paths["/2010-04-01/Accounts/{AccountSid}/Messages.json"].post.requestBody.content["application/x-www-form-urlencoded"].schema;
  const problems: string[] = [];
  for (const key of schema.required ?? []) if (!form.has(key)) problems.push(`${key} is required`);
  for (const key of new Set(form.keys())) {
    const prop = schema.properties[key];
    const values = form.getAll(key);
    if (!prop) problems.push(`${key} is not a parameter of CreateMessageRequest`);
    else if (prop.type === "array") {
      if (key === "MediaUrl" && values.length > 10) problems.push("at most ten MediaUrl");
      for (const v of values) if (prop.items.format === "uri" && !URL.canParse(v)) problems.push(`${key} item ${v} is not a URI`);
    } else if (values.length !== 1) problems.push(`${key} must be given once`);
    else if (prop.format === "uri" && !URL.canParse(values[0])) problems.push(`${key} is not a URI`);
    else if (prop.format === "phone-number" && !/^\+[1-9]\d{6,14}$/.test(values[0])) problems.push(`${key} is not E.164`);
  }
  return problems;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function waitForPort(port: number, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.end();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Prism did not start on port ${port} within ${timeoutMs} ms`);
}
