// The workspace's settings (owners and admins change them; everyone reads them). Requests are strict, as in api.ts.
import { z } from "zod";
import { isoTime } from "./entities";

export const WorkspaceSettings = z.object({
  /** One per workspace; the id lets the feed's `workspace.updated` carry it as an entity like every other. */
  id: z.literal("workspace"),
  /** Where numbers typed without a country code are from (ISO 3166 alpha-2). */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/),
  /** The answer to HELP that new inboxes start with. */
  helpText: z.string(),
  /** What the team adds to a first text so the customer knows how to stop them ("Reply STOP to opt out"). */
  optOutText: z.string(),
  /** Push notifications say only "New message" instead of the text (for screens others may see). */
  hidePushPreview: z.boolean(),
  updatedAt: isoTime.nullable(),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettings>;
export const WorkspaceSettingsResponse = z.object({ settings: WorkspaceSettings });
export const WorkspaceSettingsPatch = z
  .strictObject({
    defaultCountry: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, "must be a two-letter country code such as US"),
    helpText: z.string().trim().max(1600),
    optOutText: z.string().trim().max(300),
    hidePushPreview: z.boolean(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, "change at least one setting");
