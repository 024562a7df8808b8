// The one adapter to the model service: POST {baseUrl}/chat/completions through the official `openai`
// package, so OpenAI, Azure OpenAI, vLLM, Ollama and LiteLLM all work by base URL. Every failure becomes an
// AiFailure with the HTTP status we answer and a sentence a rep or an admin can act on.
import type OpenAI from "openai";
import type { AiEndpoint } from "./ai-config";

// Loaded on the first call: the package takes most of a second to import, and every server (and every test
// server) would pay for it at start, AI on or not.
type OpenAiModule = typeof import("openai");
let sdk: Promise<OpenAiModule> | null = null;
const loadSdk = () => (sdk ??= import("openai"));

export class AiFailure extends Error {
  constructor(
    /** What our API answers: 409 refused by the guard, 429 wait, 502 the service failed, 504 it was too slow. */
    readonly status: 409 | 429 | 502 | 503 | 504,
    message: string,
    readonly retryAfterSeconds: number | null = null,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface Completion {
  text: string;
  tokens: number;
}

export interface ChatTurn {
  /** What the model is asked to do (our words, never customer data). */
  instruction: string;
  /** The text to work on: a draft, or one message being translated. */
  text: string;
  maxTokens: number;
  /** An answer cut at maxTokens is still an answer (the connection test), not a failure. */
  partialOk?: boolean;
}

const clients = new Map<string, OpenAI>();

function clientFor({ default: OpenAI }: OpenAiModule, endpoint: AiEndpoint): OpenAI {
  const key = JSON.stringify(endpoint);
  let client = clients.get(key);
  if (!client) {
    // No retries inside the SDK: the rep is waiting, and a 429's Retry-After is theirs to see.
    client = new OpenAI({ baseURL: endpoint.baseUrl, apiKey: endpoint.apiKey ?? "not-needed", timeout: endpoint.timeoutMs, maxRetries: 0 });
    clients.set(key, client);
  }
  return client;
}

export async function complete(endpoint: AiEndpoint, turn: ChatTurn): Promise<Completion> {
  const openai = await loadSdk();
  let res: OpenAI.Chat.Completions.ChatCompletion;
  try {
    res = await clientFor(openai, endpoint).chat.completions.create({
      model: endpoint.model,
      messages: [
        { role: "system", content: turn.instruction },
        { role: "user", content: turn.text },
      ],
      temperature: 0.2,
      // max_tokens, not max_completion_tokens: the self-hosted servers (vLLM, Ollama, LiteLLM) all take it.
      max_tokens: turn.maxTokens,
      n: 1,
    });
  } catch (err) {
    throw failureOf(openai, err, endpoint);
  }
  const choice = res.choices?.[0];
  const text = choice?.message?.content?.trim() ?? "";
  if (choice?.finish_reason === "length" && !turn.partialOk)
    throw new AiFailure(502, "The AI service cut its answer short (it hit its length limit); nothing was changed. Try a shorter draft.");
  if (choice?.finish_reason === "content_filter") throw new AiFailure(502, "The AI service's content filter stopped its answer; nothing was changed.");
  if (!text) throw new AiFailure(502, "The AI service answered with no text; nothing was changed. Try again.");
  return { text, tokens: res.usage?.total_tokens ?? Math.ceil((turn.instruction.length + turn.text.length + text.length) / 4) };
}

function failureOf({ default: OpenAI }: OpenAiModule, err: unknown, endpoint: AiEndpoint): AiFailure {
  const host = safeHost(endpoint.baseUrl);
  if (err instanceof OpenAI.APIConnectionTimeoutError)
    return new AiFailure(504, `The AI service (${host}) did not answer within ${Math.round(endpoint.timeoutMs / 1000)} s; try again.`);
  if (err instanceof OpenAI.APIConnectionError) return new AiFailure(502, `The AI service (${host}) cannot be reached; an admin should check its address.`);
  if (err instanceof OpenAI.APIError) {
    const status = err.status ?? 0;
    if (status === 401 || status === 403)
      return new AiFailure(502, `The AI service (${host}) refused the server's API key (${status}); an admin must check it in Admin console → AI.`);
    if (status === 429) {
      const wait = retryAfter(err.headers);
      return new AiFailure(429, `The AI service is busy (rate limited)${wait ? `; try again in ${wait} s` : "; try again in a minute"}.`, wait ?? 60);
    }
    if (status === 404) return new AiFailure(502, `The AI service (${host}) does not know the model "${endpoint.model}" or the address is wrong (404).`);
    if (status >= 500) return new AiFailure(502, `The AI service had a problem (${status}); try again in a minute.`);
    return new AiFailure(502, `The AI service refused the request (${status}): ${err.message.slice(0, 200)}`);
  }
  return new AiFailure(502, `The AI service failed: ${(err as Error).message}`);
}

function retryAfter(headers: Headers | undefined): number | null {
  const raw = headers?.get("retry-after");
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(1, Math.ceil((at - Date.now()) / 1000));
}

const safeHost = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};
