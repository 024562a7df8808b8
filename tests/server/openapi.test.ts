import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";

let s: TestServer;
let spec: any;
beforeAll(async () => {
  s = await startServer();
  const res = await s.call("GET", "/v1/openapi.json");
  expect(res.status).toBe(200);
  spec = res.body;
});
afterAll(() => s.close());

describe("GET /v1/openapi.json", () => {
  it("is served without a token as an OpenAPI 3 document with bearer auth", () => {
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.components.securitySchemes.bearer).toEqual({ type: "http", scheme: "bearer" });
  });

  it("describes every Inbox API v1 endpoint", () => {
    const operations = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations).toEqual(
      expect.arrayContaining([
        "POST /v1/auth/login",
        "POST /v1/auth/logout",
        "GET /v1/me",
        "GET /v1/inboxes",
        "GET /v1/inboxes/{id}",
        "GET /v1/users",
        "GET /v1/bootstrap",
        "GET /v1/sync",
        "GET /v1/lookup",
        "GET /v1/conversations",
        "GET /v1/conversations/{id}",
        "PATCH /v1/conversations/{id}",
        "POST /v1/conversations/{id}/read",
        "GET /v1/conversations/{id}/messages",
        "POST /v1/conversations/{id}/messages",
        "POST /v1/messages",
        "POST /v1/conversations/{id}/notes",
        "GET /v1/templates",
        "POST /v1/templates",
        "PATCH /v1/templates/{id}",
        "DELETE /v1/templates/{id}",
        "GET /v1/auth/sessions",
        "DELETE /v1/auth/sessions",
        "DELETE /v1/auth/sessions/{id}",
        "POST /v1/auth/password",
        "POST /v1/users",
        "PATCH /v1/users/{id}",
      ]),
    );
    expect(operations).not.toContain("GET /v1/openapi.json");
  });

  it("gives request bodies from the zod schemas, strict, with their limits", () => {
    const body = spec.paths["/v1/conversations/{id}/messages"].post.requestBody.content["application/json"].schema;
    expect(body.required).toEqual(["body", "clientId"]);
    expect(body.additionalProperties).toBe(false);
    expect(body.properties.body.maxLength).toBe(1600);
  });

  it("gives response bodies, and marks login as needing no token", () => {
    const list = spec.paths["/v1/conversations"].get.responses["200"].content["application/json"].schema;
    expect(Object.keys(list.properties)).toEqual(["conversations", "contacts", "nextCursor"]);
    expect(spec.paths["/v1/auth/login"].post.security).toEqual([]);
  });

  it("lists the error statuses a route may answer, each with the error shape", () => {
    const responses = spec.paths["/v1/conversations/{id}/messages"].post.responses;
    expect(Object.keys(responses).sort()).toEqual(["200", "201", "400", "401", "404", "409", "413", "429"]);
    const error = responses["409"].content["application/json"].schema;
    expect(error.properties.error.properties.code.enum).toContain("opted_out");
  });
});
