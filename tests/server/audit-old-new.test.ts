// The audit trail says what each setting was before (issue 18): workspace settings, message retention, a
// teammate's name, role, deactivation and unlock, and brand templates (HQ's versions and a location's slots) are
// each an audit.* row with old → new, by whom, written with the change; a change to the same values writes none.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { organisation, type Organisation, type Who } from "./support/organisation";

let s: TestServer;
let o: Organisation;
beforeAll(async () => {
  s = await startServer();
  o = await organisation(s);
});
afterAll(() => s.close());

const as = (who: Who, method: string, path: string, json?: unknown) => s.call(method, path, { token: o.token[who], json });
/** The newest rows of one type, as the trail shows them: who, what about, and the changes. */
async function trail(type: string) {
  const { body } = await as("admin", "GET", `/v1/audit?type=${type}`);
  return body.rows.map((r: { actor: { name: string } | null; target: { label: string }; changes: unknown }) => ({
    by: r.actor?.name ?? null,
    on: r.target.label,
    changes: r.changes,
  }));
}

it("workspace settings and message retention: each field old → new, by whom", async () => {
  expect((await as("otto", "PATCH", "/v1/workspace/settings", { defaultCountry: "GB", hidePushPreview: true })).status).toBe(200);
  expect((await as("otto", "PATCH", "/v1/workspace/settings", { defaultCountry: "GB" })).status).toBe(200); // no change: no row
  const rows = await trail("audit.workspace.updated");
  expect(rows).toEqual([
    {
      by: "Otto Admin",
      on: "Workspace settings",
      changes: [
        { field: "defaultCountry", from: "US", to: "GB" },
        { field: "hidePushPreview", from: false, to: true },
      ],
    },
  ]);
  expect((await as("admin", "PUT", "/v1/audit/retention", { mode: "redact", days: 30 })).status).toBe(200);
  expect((await as("admin", "PUT", "/v1/audit/retention", { mode: "delete", days: 30 })).status).toBe(200);
  expect((await trail("audit.retention.updated")).map((r: { changes: unknown }) => r.changes)).toEqual([
    [{ field: "mode", from: "redact", to: "delete" }],
    [
      { field: "mode", from: "keep", to: "redact" },
      { field: "days", from: null, to: 30 },
    ],
  ]);
});

it("a teammate's name and role, deactivation and unlock", async () => {
  const uma = o.userId.uma;
  expect((await as("admin", "PATCH", `/v1/users/${uma}`, { name: "Uma Lee", role: "admin" })).status).toBe(200);
  expect((await as("admin", "POST", `/v1/users/${uma}/deactivate`)).status).toBe(200);
  expect((await as("admin", "POST", `/v1/users/${uma}/unlock`)).status).toBe(200);
  const rows = await trail("audit.user.updated");
  expect(rows.map((r: { on: string; changes: Array<{ field: string }> }) => [r.on, r.changes.map((c) => c.field)])).toEqual([
    ["Teammate “Uma Lee”", ["lockedUntil"]],
    ["Teammate “Uma Lee”", ["deactivated"]],
    [expect.stringMatching(/^Teammate “Uma/), ["name", "role"]],
  ]);
  expect(rows[2].changes).toEqual([
    { field: "name", from: expect.stringMatching(/^Uma/), to: "Uma Lee" },
    { field: "role", from: "agent", to: "admin" },
  ]);
  expect(rows[1].changes).toEqual([{ field: "deactivated", from: false, to: true }]);
});

it("brand templates: HQ's new version and a location's slots, old → new", async () => {
  const body = "We're open {{location.hours}}.";
  const slots = [{ name: "location.hours", label: "Opening hours", default: "9–5" }];
  const created = await as("otto", "POST", "/v1/brand-templates", { name: "Hours", body, slots, locationIds: [o.location.airport] });
  expect(created.status).toBe(201);
  const id = created.body.brandTemplate.id;
  expect((await as("otto", "PATCH", `/v1/brand-templates/${id}`, { body: "Open {{location.hours}}!" })).status).toBe(200);
  const versions = await trail("audit.brand_template.created,audit.brand_template.updated");
  expect(versions[0]).toEqual({
    by: "Otto Admin",
    on: "Brand template “Hours”",
    changes: [
      { field: "body", from: body, to: "Open {{location.hours}}!" },
      { field: "version", from: 1, to: 2 },
    ],
  });
  expect(versions[1].changes.map((c: { field: string }) => c.field)).toEqual(["name", "body", "slots", "locationIds", "version"]);
  expect((await as("ari", "PATCH", `/v1/locations/${o.location.airport}/brand-templates/${id}`, { slots: { "location.hours": "6–midnight" } })).status).toBe(
    200,
  );
  expect(await trail("audit.brand_slots.updated")).toEqual([
    { by: expect.any(String), on: "Brand template “Hours” at Airport", changes: [{ field: "location.hours", from: "9–5", to: "6–midnight" }] },
  ]);
});
