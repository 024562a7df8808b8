// @vitest-environment jsdom
// The admin console's audit section: the trail's rows as text, filters sent as the API takes them, older pages,
// loading/empty/error states, the export's progress and manifest, and the retention setting.
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { AuditExport, AuditRow } from "../../../../src/protocol/audit";
import { at, failure, fakeApi, ok, renderConsole, teammate } from "./fake-api";

afterEach(cleanup);

const row = (over: Partial<AuditRow> & Pick<AuditRow, "id" | "type">): AuditRow => ({
  at,
  action: null,
  actor: { id: "usr_lars", name: "Lars Location" },
  location: { id: "loc_main", name: "Downtown" },
  inbox: { id: "inb_main", name: "Main line" },
  conversationId: "cnv_1",
  contact: { id: "con_1", label: "Dana (+14155550111)" },
  target: { kind: "note", id: "not_1", label: "Note on the conversation with Dana (+14155550111)" },
  body: null,
  redacted: false,
  changes: null,
  ...over,
});
const people = ok({ users: [teammate({ id: "usr_lars", name: "Lars Location" }), teammate({ id: "usr_ada", name: "Ada Admin", role: "owner" })] });
const locations = ok({
  organisation: { name: "Demo" },
  regions: [],
  locations: [{ id: "loc_up", name: "Uptown", regionId: null, inboxIds: [], administered: true, createdAt: at }],
});
const retention = ok({ retention: { id: "retention", mode: "keep", days: null, updatedAt: null } });
const base = { "GET /v1/admin/users": people, "GET /v1/locations": locations, "GET /v1/audit/retention": retention };

describe("the trail", () => {
  it("shows who did what, when, on what and where, with texts as text, and pages to older rows", async () => {
    const api = fakeApi({
      ...base,
      "GET /v1/audit?limit=50": ok({
        rows: [
          row({ id: "9", type: "note.created", body: "<b>Called back</b>" }),
          row({
            id: "8",
            type: "message.created",
            body: null,
            redacted: true,
            target: { kind: "message", id: "msg_1", label: "Text from Dana (+14155550111)" },
          }),
        ],
        nextCursor: "older",
      }),
      "GET /v1/audit?cursor=older&limit=50": ok({
        rows: [
          row({
            id: "7",
            type: "workspace.updated",
            actor: { id: "usr_ada", name: "Ada Admin" },
            location: null,
            inbox: null,
            target: { kind: "setting", id: "workspace", label: "Workspace settings" },
          }),
        ],
        nextCursor: null,
      }),
    });
    renderConsole(api, "#/admin/audit");
    const table = await screen.findByTestId("audit-table");
    const [note, text] = within(table).getAllByTestId("audit-row");
    expect(note.textContent).toContain("Lars Location");
    expect(note.textContent).toContain("wrote a note");
    expect(note.textContent).toContain("“<b>Called back</b>”");
    expect(note.querySelector("b")).toBeNull();
    expect(note.textContent).toContain("Downtown · Main line");
    expect(text.textContent).toContain("texted in");
    expect(text.textContent).toContain("Text removed by the retention setting");
    await userEvent.setup().click(screen.getByRole("button", { name: "Show older changes" }));
    await waitFor(() => expect(screen.getAllByTestId("audit-row")).toHaveLength(3));
    expect(screen.getAllByTestId("audit-row")[2].textContent).toContain("changed workspace settings");
    expect(screen.getByText("That is everything the trail holds for these filters.")).toBeTruthy();
    expect(api.unexpected).toEqual([]);
  });

  it("shows an administrative change in words: what changed old → new, a secret only as replaced, values as text", async () => {
    const inboxes = "audit.inbox.created,audit.inbox.updated,audit.member.added,audit.member.removed,audit.business_hours.updated,audit.sla.updated";
    const api = fakeApi({
      ...base,
      "GET /v1/audit?limit=50": ok({
        rows: [
          row({
            id: "5",
            type: "audit.inbox.updated",
            action: "updated",
            conversationId: null,
            contact: null,
            target: { kind: "setting", id: "inb_main", label: "Inbox “Main line”" },
            changes: [
              { field: "name", from: "Main", to: "<i>Front</i>" },
              { field: "credentials", note: "replaced" },
            ],
          }),
        ],
        nextCursor: null,
      }),
      [`GET /v1/audit?type=${encodeURIComponent(inboxes)}&limit=50`]: ok({ rows: [], nextCursor: null }),
    });
    renderConsole(api, "#/admin/audit");
    const [change] = within(await screen.findByTestId("audit-table")).getAllByTestId("audit-row");
    expect(change.textContent).toContain("changed an inbox's settings");
    expect(change.textContent).toContain("Inbox “Main line”");
    const lines = within(change).getByTestId("audit-changes").querySelectorAll("li");
    expect([...lines].map((l) => l.textContent)).toEqual(["name: “Main” → “<i>Front</i>”", "credentials: replaced"]);
    expect(change.querySelector("i")).toBeNull();
    await userEvent.setup().selectOptions(screen.getByLabelText("What"), "Inboxes and members");
    await waitFor(() => expect(screen.getByTestId("audit-empty")).toBeTruthy());
    expect(api.unexpected).toEqual([]);
  });

  it("sends the filters as the API takes them: person, location, kind of change and whole local days", async () => {
    const from = new Date("2026-11-01T00:00:00").toISOString();
    const to = new Date("2026-11-03T00:00:00").toISOString();
    const filtered = `GET /v1/audit?actorId=usr_lars&locationId=loc_up&type=note.created&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=50`;
    const api = fakeApi({
      ...base,
      "GET /v1/audit?limit=50": ok({ rows: [row({ id: "1", type: "note.created" })], nextCursor: null }),
      [filtered]: ok({ rows: [], nextCursor: null }),
    });
    renderConsole(api, "#/admin/audit");
    const user = userEvent.setup();
    await screen.findByTestId("audit-table");
    await waitFor(() => expect(screen.getAllByRole("option", { name: "Lars Location" })).toHaveLength(1));
    await user.selectOptions(screen.getByLabelText("Who"), "usr_lars");
    await waitFor(() => expect(screen.getAllByRole("option", { name: "Uptown" })).toHaveLength(1));
    await user.selectOptions(screen.getByLabelText("Location"), "loc_up");
    await user.selectOptions(screen.getByLabelText("What"), "note.created");
    await user.type(screen.getByLabelText("From"), "2026-11-01");
    await user.type(screen.getByLabelText("To"), "2026-11-02");
    expect(await screen.findByText("Nothing in the trail matches these filters")).toBeTruthy();
    expect(api.seen.some((r) => `GET ${r.path}` === filtered)).toBe(true);
  });

  it("says what to do when the trail cannot be loaded, and loads it on Try again", async () => {
    const api = fakeApi({ ...base, "GET /v1/audit?limit=50": [failure(500, "internal", "The server had a problem."), ok({ rows: [], nextCursor: null })] });
    renderConsole(api, "#/admin/audit");
    expect(await screen.findByText("Could not load the audit trail")).toBeTruthy();
    await userEvent.setup().click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByTestId("audit-empty")).toBeTruthy();
  });
});

describe("export", () => {
  const manifest = {
    exportId: "exp_1",
    generatedAt: at,
    requestedBy: { id: "usr_ada", name: "Ada Admin" },
    from: "2026-10-31T10:00:00.000Z",
    to: at,
    filters: {},
    retention: { mode: "keep" as const, days: null, cutoff: null },
    rows: 3,
    counts: { "note.created": 1, "message.created": 2 },
    files: [{ name: "audit.csv", format: "csv" as const, rows: 3, bytes: 2048, sha256: "a".repeat(64) }],
  };
  const job = (over: Partial<AuditExport>): AuditExport => ({
    id: "exp_1",
    status: "running",
    createdAt: at,
    finishedAt: null,
    progress: { rows: 0, total: 3 },
    manifest: null,
    error: null,
    links: [],
    ...over,
  });

  it("starts an export of the filtered range, shows its progress, then the manifest with hashes and links", async () => {
    const links = [
      { name: "audit.csv", url: "/v1/audit/exports/exp_1/files/audit.csv?expires=1&sig=x" },
      { name: "manifest.json", url: "/v1/audit/exports/exp_1/files/manifest.json?expires=1&sig=y" },
    ];
    const api = fakeApi({
      ...base,
      "GET /v1/audit?limit=50": ok({ rows: [], nextCursor: null }),
      "POST /v1/audit/exports": { status: 202, body: { export: job({}) } },
      "GET /v1/audit/exports/exp_1": [ok({ export: job({ progress: { rows: 2, total: 3 } }) }), ok({ export: job({ status: "done", manifest, links }) })],
    });
    renderConsole(api, "#/admin/audit");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("audit-export"));
    expect((await screen.findByTestId("audit-export-progress")).textContent).toMatch(/Writing \d of about 3 rows/);
    const done = await screen.findByTestId("audit-manifest", undefined, { timeout: 3000 });
    expect(done.textContent).toContain("3 rows exported");
    expect(screen.getByTestId("audit-sha-csv").textContent).toBe("a".repeat(64));
    expect(within(done).getByRole("link", { name: "audit.csv" }).getAttribute("href")).toBe(
      "http://admin.test/v1/audit/exports/exp_1/files/audit.csv?expires=1&sig=x",
    );
    expect(done.textContent).toContain("message.created");
    const [post] = api.writes();
    expect(post.path).toBe("/v1/audit/exports");
    const body = post.body as { from: string; to: string };
    expect(Date.parse(body.to) - Date.parse(body.from)).toBeGreaterThan(29 * 86_400_000);
  });

  it("shows the server's reason when an export cannot start", async () => {
    const api = fakeApi({
      ...base,
      "GET /v1/audit?limit=50": ok({ rows: [], nextCursor: null }),
      "POST /v1/audit/exports": failure(403, "forbidden", "Only owners and admins can do this"),
    });
    renderConsole(api, "#/admin/audit");
    await userEvent.setup().click(await screen.findByTestId("audit-export"));
    expect((await screen.findByRole("alert")).textContent).toBe("Only owners and admins can do this");
  });
});

describe("retention", () => {
  it("saves 'remove texts after N days' and shows a refusal in the server's words", async () => {
    const api = fakeApi({
      ...base,
      "GET /v1/audit?limit=50": ok({ rows: [], nextCursor: null }),
      "PUT /v1/audit/retention": [
        failure(400, "validation_failed", "days: Too big: expected number to be <=36500"),
        (req) => ok({ retention: { id: "retention", ...(req.body as object), updatedAt: at } }),
      ],
    });
    renderConsole(api, "#/admin/audit");
    const user = userEvent.setup();
    await user.click(await screen.findByLabelText(/Remove message texts after a number of days/));
    const days = screen.getByLabelText("Days to keep");
    await user.clear(days);
    await user.type(days, "99999");
    await user.click(screen.getByRole("button", { name: "Save retention" }));
    expect((await screen.findByRole("alert")).textContent).toBe("days: Too big: expected number to be <=36500");
    await user.clear(days);
    await user.type(days, "30");
    await user.click(screen.getByRole("button", { name: "Save retention" }));
    expect(await screen.findByText(/Saved\. The server applies it within minutes\./)).toBeTruthy();
    expect(api.writes().map((w) => w.body)).toEqual([
      { mode: "redact", days: 99999 },
      { mode: "redact", days: 30 },
    ]);
  });
});
