import { describe, expect, it } from "vitest";
import { hashFor, routeFromHash, type WebRoute } from "../../../web/routes";

describe("web app routes", () => {
  it.each<[string, WebRoute]>([
    ["", { name: "list" }],
    ["#/", { name: "list" }],
    ["#/c/cv_123", { name: "thread", id: "cv_123" }],
    ["#/c/cv%2F1?from=push", { name: "thread", id: "cv/1" }],
    ["#/new", { name: "new" }],
    ["#/settings", { name: "settings" }],
    ["#/admin", { name: "admin" }],
    ["#/admin/users", { name: "admin" }],
    ["#/nonsense", { name: "list" }],
  ])("reads %s", (hash, route) => {
    expect(routeFromHash(hash)).toEqual(route);
  });

  it("writes every route so that reading it back gives the same route (a push click's #/c/<id> included)", () => {
    const routes: WebRoute[] = [{ name: "list" }, { name: "thread", id: "cv/odd id" }, { name: "new" }, { name: "settings" }, { name: "admin" }];
    for (const route of routes) expect(routeFromHash(hashFor(route))).toEqual(route);
    expect(hashFor({ name: "thread", id: "cv_1" })).toBe("#/c/cv_1");
  });
});
