/** The invite token of an address like …/#/invite/<token> (the link POST /v1/invites made), or null. Tiny on purpose: the app's first chunk imports it. */
export const inviteTokenIn = (hash: string): string | null => /^#\/invite\/([^/?#]+)/.exec(hash)?.[1] ?? null;
