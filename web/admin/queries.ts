/** react-query keys of the console's lists, shared by the sections that change them. */
export const INBOXES = ["admin", "inboxes"] as const;
export const TEAMMATES = ["admin", "users"] as const;
export const TEMPLATES = ["admin", "templates"] as const;
export const INVITES = ["admin", "invites"] as const;
