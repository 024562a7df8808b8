// OpenAI's own OpenAPI description of POST /chat/completions (../shared/fixtures/openai, see its SOURCE.md),
// compiled with Ajv (OAS 3.1 schemas are JSON Schema 2020-12): the fake checks every request our server sends
// against CreateChatCompletionRequest, and its own answers against the response and error schemas.
import fs from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import type { ValidateFunction } from "ajv";

const SPEC_FILE = path.resolve(import.meta.dirname, "../../../../shared/fixtures/openai/openai_chat_completions.json");
const SPEC_ID = "openai-chat.json";

let compiled: Record<"request" | "response" | "error", ValidateFunction> | null = null;

function validators() {
  if (compiled) return compiled;
  const spec = JSON.parse(fs.readFileSync(SPEC_FILE, "utf8"));
  // strict: false: the description carries OpenAPI's own keywords (discriminator, x-oaiMeta, example).
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ ...(withoutStrayNullable(spec) as object), $id: SPEC_ID });
  const ref = (name: string) => ajv.compile({ $ref: `${SPEC_ID}#/components/schemas/${name}` });
  compiled = { request: ref("CreateChatCompletionRequest"), response: ref("CreateChatCompletionResponse"), error: ref("ErrorResponse") };
  return compiled;
}

/**
 * Three schemas (prediction, StopConfiguration, the stream's usage) keep OpenAPI 3.0's `nullable: true` beside a
 * $ref or anyOf, with no `type`; Ajv refuses to compile that. Dropping it only makes them stricter (null refused).
 */
function withoutStrayNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutStrayNullable);
  if (!node || typeof node !== "object") return node;
  const entries = Object.entries(node).filter(([k]) => !(k === "nullable" && !("type" in node)));
  return Object.fromEntries(entries.map(([k, v]) => [k, withoutStrayNullable(v)]));
}

/** The schema's complaints about `body` as a chat completion request (empty when it conforms). */
export function requestProblems(body: unknown): string[] {
  return problems(validators().request, body);
}
export function responseProblems(body: unknown): string[] {
  return problems(validators().response, body);
}
export function errorProblems(body: unknown): string[] {
  return problems(validators().error, body);
}

function problems(validate: ValidateFunction, body: unknown): string[] {
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message}`);
}
