// A local OpenAI-compatible server (127.0.0.1, port 0) that answers POST /chat/completions like the real API:
// bearer-key check (401 invalid_api_key), 429 with Retry-After, 500, a slow answer (for timeouts), a truncated
// answer (finish_reason "length"), errors in OpenAI's shape. Every request is checked against OpenAI's OpenAPI
// description (openai-spec.ts); a non-conforming one is answered 400 as the real API does, and recorded.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { errorProblems, requestProblems, responseProblems } from "./openai-spec";

export interface ChatRequest {
  headers: http.IncomingHttpHeaders;
  body: { model: string; messages: Array<{ role: string; content: string }>; [key: string]: unknown };
  /** The system prompt and the user text, for tests' assertions. */
  instruction: string;
  text: string;
}

type Scripted =
  | { kind: "error"; status: 401 | 429 | 500 | 503; retryAfter?: string }
  | { kind: "slow"; ms: number }
  | { kind: "truncated" }
  | { kind: "text"; text: string };

export interface FakeOpenAi {
  /** The base URL to configure (…/v1), as for api.openai.com/v1. */
  baseUrl: string;
  requests: ChatRequest[];
  /** Requests that did not match the spec, and answers of ours that did not (both must stay empty). */
  problems: string[];
  /** What the next requests get, in order, before the `answer` function. */
  script(...replies: Scripted[]): void;
  /** How to answer the rest: the model's "text" for a request. */
  answerWith(answer: (req: ChatRequest) => string): void;
  close(): Promise<void>;
}

export async function startFakeOpenAi(options: { apiKey?: string | null; answer?: (req: ChatRequest) => string } = {}): Promise<FakeOpenAi> {
  const apiKey = options.apiKey === undefined ? "sk-test-fake-key" : options.apiKey;
  const requests: ChatRequest[] = [];
  const problems: string[] = [];
  const queue: Scripted[] = [];
  let answer = options.answer ?? ((req: ChatRequest) => req.text);
  const sockets = new Set<import("node:net").Socket>();

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const own = status === 200 ? responseProblems(body) : errorProblems(body);
      if (own.length) problems.push(`fake's own ${status} answer: ${own.join("; ")}`);
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json", "x-request-id": `req_${requests.length}`, ...headers });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? "/", "http://fake");
    if (req.method !== "POST" || !url.pathname.endsWith("/v1/chat/completions"))
      return send(404, openAiError(`Unknown request URL: ${req.method} ${url.pathname}.`, "invalid_request_error", "unknown_url"));
    if (apiKey && req.headers.authorization !== `Bearer ${apiKey}`)
      return send(
        401,
        openAiError(
          "Incorrect API key provided: sk-***. You can find your API key at https://platform.openai.com/account/api-keys.",
          "invalid_request_error",
          "invalid_api_key",
        ),
      );
    let body: ChatRequest["body"];
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      problems.push("request body is not JSON");
      return send(400, openAiError("We could not parse the JSON body of your request.", "invalid_request_error", null));
    }
    const invalid = requestProblems(body);
    if (invalid.length) {
      problems.push(`request does not match CreateChatCompletionRequest: ${invalid.join("; ")}`);
      return send(400, openAiError(`Invalid request: ${invalid[0]}`, "invalid_request_error", null));
    }
    const instruction = body.messages
      .filter((m) => m.role === "system" || m.role === "developer")
      .map((m) => m.content)
      .join("\n");
    const text = body.messages
      .filter((m) => m.role === "user")
      .map((m) => m.content)
      .join("\n");
    const request: ChatRequest = { headers: req.headers, body, instruction, text };
    requests.push(request);

    const next = queue.shift();
    if (next?.kind === "error") {
      const headers: Record<string, string> = next.retryAfter ? { "retry-after": next.retryAfter } : {};
      if (next.status === 429)
        return send(429, openAiError("Rate limit reached for requests. Please try again in 20s.", "requests", "rate_limit_exceeded"), headers);
      if (next.status === 401) return send(401, openAiError("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"));
      return send(next.status, openAiError("The server had an error while processing your request. Sorry about that!", "server_error", null));
    }
    if (next?.kind === "slow") await new Promise((r) => setTimeout(r, next.ms));
    const content = next?.kind === "text" ? next.text : answer(request);
    const truncated = next?.kind === "truncated";
    send(200, completion(body.model, truncated ? content.slice(0, Math.ceil(content.length / 2)) : content, truncated ? "length" : "stop", instruction + text));
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    problems,
    script: (...replies) => void queue.push(...replies),
    answerWith: (fn) => {
      answer = fn;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const openAiError = (message: string, type: string, code: string | null) => ({ error: { message, type, param: null, code } });

let serial = 0;
function completion(model: string, content: string, finishReason: "stop" | "length", prompt: string) {
  const promptTokens = Math.ceil(prompt.length / 4);
  const completionTokens = Math.ceil(content.length / 4);
  return {
    id: `chatcmpl-fake${++serial}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: "assistant", content, refusal: null, annotations: [] }, logprobs: null, finish_reason: finishReason }],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: "default",
    system_fingerprint: "fp_fake",
  };
}
