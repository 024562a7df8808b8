// AI rewrite and translate (issue 19): the server calls the workspace's OpenAI-compatible endpoint; views ask
// through the worker. What goes to the model is only the draft, or the messages being translated.
import { z } from "zod";

export const rewriteActions = ["fix", "shorten", "friendlier", "professional", "simplify", "brand"] as const;
export type RewriteAction = (typeof rewriteActions)[number];

/** A language as an ISO 639-1 code ("es"). */
const language = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2}$/, "must be a two-letter language code such as es");
const id = z.string().min(1).max(100);

export const AiStatus = z.object({
  /** False when no endpoint is configured: the AI controls are hidden. */
  enabled: z.boolean(),
  /** The rewrite actions offered ("brand" only when an admin wrote a brand voice). */
  actions: z.array(z.enum(rewriteActions)),
  /** The signed-in rep's language, and whether texts in other languages are translated as they show. */
  language,
  autoTranslate: z.boolean(),
});
export type AiStatus = z.infer<typeof AiStatus>;
export const AiPreferencesPatch = z.strictObject({ language, autoTranslate: z.boolean() }).partial();

export const TextStats = z.object({ chars: z.number().int(), segments: z.number().int(), encoding: z.enum(["GSM-7", "UCS-2"]) });
export type TextStats = z.infer<typeof TextStats>;

export const RewriteRequest = z.strictObject({
  draft: z.string().trim().min(1, "write something to rewrite first").max(1600),
  action: z.enum(rewriteActions),
  /** The conversation the reply is for: "brand" follows its location's voice (else the workspace's). */
  conversationId: id.optional(),
  /** "Fit in N SMS": the answer is refused when it takes more segments. */
  fitSegments: z.number().int().min(1).max(10).optional(),
});
export const RewriteResponse = z.object({
  text: z.string(),
  before: TextStats,
  after: TextStats,
  /** What the server changed in the model's answer to stay in GSM-7 ("curly quotes → straight quotes"). */
  normalised: z.array(z.string()),
});
export type RewriteResponse = z.infer<typeof RewriteResponse>;

export const TranslateMessagesRequest = z.strictObject({ conversationId: id, messageIds: z.array(id).min(1).max(20) });
export const TranslateMessagesResponse = z.object({
  to: language,
  translations: z.array(z.object({ messageId: z.string(), from: z.string().nullable(), text: z.string() })),
});
export type TranslateMessagesResponse = z.infer<typeof TranslateMessagesResponse>;

export const TranslateDraftRequest = z.strictObject({
  conversationId: id,
  draft: z.string().trim().min(1, "write the reply first").max(1600),
  /** The contact's language unless given. */
  to: language.optional(),
});
export const TranslateDraftResponse = z.object({
  to: language,
  translation: z.string(),
  /** The translation put back into the rep's language, so they can check what it says. */
  backTranslation: z.string(),
  before: TextStats,
  after: TextStats,
});
export type TranslateDraftResponse = z.infer<typeof TranslateDraftResponse>;

export const ConversationLanguages = z.object({
  /** The language the contact writes in (their latest reliably detected text), or null. */
  contactLanguage: z.string().nullable(),
  /** messageId → detected language of each inbound text (null: too short or unclear). */
  messages: z.record(z.string(), z.string().nullable()),
});
export type ConversationLanguages = z.infer<typeof ConversationLanguages>;

// ---- The admin console's AI section ----

export const AiConfig = z.object({
  /** Where the endpoint comes from: the console, the environment (SIDETEXT_AI_*), or nowhere (off). */
  source: z.enum(["console", "environment", "off"]),
  baseUrl: z.string().nullable(),
  model: z.string().nullable(),
  /** The key itself is never returned. */
  hasApiKey: z.boolean(),
  brandVoice: z.string(),
  dailyRequestLimit: z.number().int(),
  dailyTokenLimit: z.number().int(),
  perUserPerMinute: z.number().int(),
  usageToday: z.object({ requests: z.number().int(), tokens: z.number().int() }),
});
export type AiConfig = z.infer<typeof AiConfig>;
export const AiConfigResponse = z.object({ config: AiConfig });
export const AiConfigPatch = z
  .strictObject({
    /** null: forget the console's endpoint (the environment's, if any, applies again). */
    baseUrl: z.string().trim().url("must be a URL such as https://api.openai.com/v1").max(500).nullable(),
    model: z.string().trim().min(1).max(200),
    /** Write-only; "" removes it (a local model may need none). */
    apiKey: z.string().trim().max(500),
    brandVoice: z.string().trim().max(1000),
    dailyRequestLimit: z.number().int().min(0).max(1_000_000),
    dailyTokenLimit: z.number().int().min(0).max(1_000_000_000),
    perUserPerMinute: z.number().int().min(1).max(1000),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, "change at least one setting");
export type AiConfigPatch = z.infer<typeof AiConfigPatch>;

// ---- Brand voice per location (HQ sets it; a location's admins edit their own when HQ allows) ----

export const LocationBrandVoice = z.object({
  locationId: z.string(),
  locationName: z.string(),
  /** "" when the location has none: its conversations follow the workspace's voice. */
  brandVoice: z.string(),
  /** HQ lets this location's admins write their own voice. */
  locationMayEdit: z.boolean(),
  /** Whether the signed-in user may change the voice, and HQ's switch (owners and admins only). */
  canEdit: z.boolean(),
  canAllow: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type LocationBrandVoice = z.infer<typeof LocationBrandVoice>;
export const LocationBrandVoicesResponse = z.object({
  /** The fallback for every location without its own. */
  workspaceVoice: z.string(),
  locations: z.array(LocationBrandVoice),
});
export type LocationBrandVoicesResponse = z.infer<typeof LocationBrandVoicesResponse>;
export const LocationBrandVoicePatch = z
  .strictObject({
    /** "" removes the location's voice (the workspace's applies again). */
    brandVoice: z.string().trim().max(1000),
    locationMayEdit: z.boolean(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, "change the brand voice or whether the location may edit it");
export type LocationBrandVoicePatch = z.infer<typeof LocationBrandVoicePatch>;
export const LocationBrandVoiceResponse = z.object({ voice: LocationBrandVoice });

/** "Test connection": one tiny request to the endpoint as saved, and what the service said. */
export const AiConnectionTest = z.object({
  ok: z.boolean(),
  /** The model's answer when ok, else the sentence of the failure (what to check). */
  message: z.string(),
  model: z.string().nullable(),
  ms: z.number().int(),
});
export type AiConnectionTest = z.infer<typeof AiConnectionTest>;
