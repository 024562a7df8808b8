// The demo organisation (server/seed/demo-locations.ts) seen through the API: a token for every role,
// the locations and inboxes by name, for the location and permission-matrix tests.
import type { TestServer } from "../../support/server";

export const people = ["admin", "otto", "rita", "lars", "ari", "uma", "carl", "alice", "bob"] as const;
export type Who = (typeof people)[number];

export interface Organisation {
  token: Record<Who, string>;
  userId: Record<Who, string>;
  location: { downtown: string; uptown: string; airport: string };
  inbox: { main: string; support: string; uptown: string; airport: string };
  regionId: string;
}

export async function organisation(server: TestServer): Promise<Organisation> {
  const { db } = server.app.ctx.database;
  const tokens = await Promise.all(people.map((who) => server.login(`${who}@demo.test`)));
  const users = await db.selectFrom("user").select(["id", "email"]).execute();
  const inboxes = await db.selectFrom("inbox").select(["id", "name"]).execute();
  const locations = await db.selectFrom("location").select(["id", "name", "regionId"]).execute();
  const inbox = (name: string) => inboxes.find((i) => i.name === name)!.id;
  const location = (name: string) => locations.find((l) => l.name === name)!.id;
  return {
    token: Object.fromEntries(people.map((who, i) => [who, tokens[i]])) as Record<Who, string>,
    userId: Object.fromEntries(people.map((who) => [who, users.find((u) => u.email === `${who}@demo.test`)!.id])) as Record<Who, string>,
    location: { downtown: location("Downtown"), uptown: location("Uptown"), airport: location("Airport") },
    inbox: { main: inbox("Main line"), support: inbox("Support line"), uptown: inbox("Uptown line"), airport: inbox("Airport desk") },
    regionId: locations.find((l) => l.name === "Downtown")!.regionId!,
  };
}
