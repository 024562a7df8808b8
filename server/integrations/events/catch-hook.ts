// The catch hook: a URL per source that accepts any JSON a tool POSTs and maps it to a contact event by the
// JSONPath expressions the admin chose (jsonpath-plus, filters in its safe evaluator, never as JavaScript), so tools that can only
// send their own payload still report events. The URL's secret is checked against its stored SHA-256 in
// constant time; a payload the mapping cannot read is a 400 naming the field.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { JSONPath } from "jsonpath-plus";
import { z } from "zod";
import type { Executor } from "../../db/executor";
import { AppError } from "../../errors";
import { InboundEventBody } from "../../../src/protocol/contact-events";
import { hookSourceById } from "./catch-hooks.repository";

const path = z.string().trim().startsWith("$", "must be a JSONPath starting with $").max(300);
export const HookMapping = z.strictObject({
  /** The event type: a fixed name (lead.created) or a JSONPath into the payload. */
  type: z.string().trim().min(1).max(300),
  phone: path,
  name: path.optional(),
  idempotencyKey: path.optional(),
  occurredAt: path.optional(),
  attributes: z.record(z.string().trim().min(1).max(100), path).optional(),
});
export type HookMapping = z.infer<typeof HookMapping>;

const sha256 = (text: string) => createHash("sha256").update(text).digest();
export const newHookSecret = () => {
  const secret = randomBytes(24).toString("base64url");
  return { secret, secretHash: sha256(secret).toString("hex") };
};

export async function sourceForSecret(db: Executor, id: string, secret: string) {
  const row = await hookSourceById(db, id);
  if (!row || !timingSafeEqual(sha256(secret), Buffer.from(row.secretHash, "hex"))) return null;
  return { ...row, mapping: HookMapping.parse(JSON.parse(row.mapping)) };
}

function read(json: unknown, expr: string): unknown {
  // "safe": filters such as [?(@.question==='Phone')] run in jsonpath-plus's own evaluator, never as JavaScript.
  try {
    const found = JSONPath({ path: expr, json: json as object, wrap: false, eval: "safe" });
    return Array.isArray(found) ? found[0] : found;
  } catch (err) {
    throw new AppError("validation_failed", `The mapping's JSONPath ${expr} could not be read: ${(err as Error).message}`);
  }
}
const text = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined);

/** The payload mapped to a POST /v1/events body, checked like one. */
export function mapPayload(mapping: HookMapping, payload: unknown): InboundEventBody {
  const type = mapping.type.startsWith("$") ? text(read(payload, mapping.type)) : mapping.type;
  const attributes = Object.fromEntries(
    Object.entries(mapping.attributes ?? {}).flatMap(([k, p]) => {
      const v = text(read(payload, p));
      return v === undefined ? [] : [[k, v]];
    }),
  );
  const key = mapping.idempotencyKey ? text(read(payload, mapping.idempotencyKey)) : sha256(JSON.stringify(payload)).toString("hex");
  const body = {
    type,
    contact: { phone: text(read(payload, mapping.phone)), name: mapping.name ? text(read(payload, mapping.name)) : undefined, attributes },
    data: payload && typeof payload === "object" && !Array.isArray(payload) ? payload : { payload },
    occurredAt: mapping.occurredAt ? text(read(payload, mapping.occurredAt)) : undefined,
    idempotencyKey: key,
  };
  const parsed = InboundEventBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("validation_failed", `The payload does not map to an event: ${issue.path.join(".")}: ${issue.message}`, parsed.error.issues);
  }
  return parsed.data;
}
