// "Test connection" in the admin console: one tiny request to the endpoint as saved (a few tokens, not counted
// in the workspace's budget), answered with what the service said or the sentence of its failure.
import type { AiConnectionTest } from "../../src/protocol/ai";
import type { ServerContext } from "../context";
import { readAiSetup } from "./ai-config";
import { AiFailure, complete } from "./model-client";

export async function testConnection(ctx: ServerContext): Promise<AiConnectionTest> {
  const { endpoint } = await readAiSetup(ctx);
  if (!endpoint) return { ok: false, message: "No endpoint is set: enter a base URL and a model, save, then test.", model: null, ms: 0 };
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    // A model that says more than "OK" is cut at the limit: still an answer, so still a working connection.
    const done = await complete(endpoint, {
      instruction: "This is a connection test. Answer with the single word OK.",
      text: "Test",
      maxTokens: 8,
      partialOk: true,
    });
    return { ok: true, message: `${endpoint.model} answered: ${done.text.slice(0, 200)}`, model: endpoint.model, ms: ms() };
  } catch (err) {
    if (!(err instanceof AiFailure)) throw err;
    return { ok: false, message: err.message, model: endpoint.model, ms: ms() };
  }
}
