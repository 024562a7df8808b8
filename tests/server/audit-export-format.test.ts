// The export's CSV is written by hand (csv-stringify's per-record cost was most of the export's time): it must be
// byte for byte what csv-stringify writes with escape_formulas, and parse back to the cells (RFC 4180: commas,
// quotes, line breaks; a cell starting = + - @ tab or CR gets a leading apostrophe so a spreadsheet shows it).
// One difference, on purpose: csv-stringify 6.9 leaves a lone CR (no LF) unquoted, which RFC 4180 does not allow and
// a reader splits on; ours quotes it. (With record_delimiter "\r\n", as the export called it, csv-stringify left
// every line break unquoted: a text of two lines broke its CSV row in two.) JSON Lines: one line a row, the entity's stored JSON spliced in.
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { expect, it } from "vitest";
import { csvPage, jsonlPage } from "../../server/audit/export-files";
import { flatPage, packPage, unpackPage } from "../../server/audit/export-flat";
import type { AuditRow } from "../../src/protocol/audit";

const nasty = [
  "plain",
  "a, b",
  'she said "hi"',
  "two\nlines",
  "cr\rlf\r\n",
  '=HYPERLINK("http://x")',
  "+1 650 555 0100",
  "-5",
  "@SUM(A1)",
  "\tTab first",
  "＝full-width equals",
  "'already quoted",
  " leading space",
  "",
  "emoji 🙂, ünïcödé",
];

const row = (i: number, text: string): AuditRow & { data: string } => ({
  id: String(i + 1),
  at: "2026-05-01T10:00:00.000Z",
  type: i % 2 ? "message.created" : "audit.workspace.updated",
  action: i % 3 ? "created" : null,
  actor: i % 4 ? { id: `usr_${i}`, name: text } : null,
  location: { id: "loc_1", name: `Uptown ${text}` },
  inbox: i % 5 ? { id: "inb_1", name: text } : null,
  conversationId: i % 2 ? "cnv_1" : null,
  contact: { id: "con_1", label: `${text} (+16505550100)` },
  target: { kind: "message", id: "msg_1", label: text },
  body: i % 2 ? text : null,
  redacted: i % 7 === 0,
  changes: i % 2 ? null : ([{ field: "name", label: "Name", old: text, new: "x" }] as unknown as AuditRow["changes"]),
  data: JSON.stringify({ id: "msg_1", body: text }),
});

const columns =
  "id,at,type,action,actor_id,actor,location_id,location,inbox_id,inbox,conversation_id,contact_id,contact,target_kind,target_id,target,body,redacted,changes".split(
    ",",
  );
const cells = (r: AuditRow) => [
  r.id,
  r.at,
  r.type,
  r.action,
  r.actor?.id,
  r.actor?.name,
  r.location?.id,
  r.location?.name,
  r.inbox?.id,
  r.inbox?.name,
  r.conversationId,
  r.contact?.id,
  r.contact?.label,
  r.target.kind,
  r.target.id,
  r.target.label,
  r.body,
  r.redacted,
  r.changes ? JSON.stringify(r.changes) : null,
];

it("writes the CSV byte for byte as csv-stringify does, and it parses back to the cells", () => {
  const rows = nasty.map((t, i) => row(i, t));
  const ours = csvPage(flatPage(rows.slice(0, 9)), true) + csvPage(flatPage(rows.slice(9)), false);
  // Record by record with csv-stringify's default "\n" ending, cut off and replaced by "\r\n": with
  // record_delimiter "\r\n" (what the export passed it) csv-stringify 6.9 quotes no line break at all.
  const record = (cellsOf: unknown[]) => stringify([cellsOf], { escape_formulas: true, cast: { boolean: (b) => String(b) } }).slice(0, -1);
  const reference = [columns, ...rows.map(cells)].map((c) => `${record(c)}\r\n`).join("");
  expect(ours).toBe(reference);
  const back = parse(ours, { columns: true }) as Array<Record<string, string>>;
  expect(back.map((r) => r.body)).toEqual(nasty.map((t, i) => (i % 2 ? (/^[=+\-@\t\r＝]/.test(t) ? `'${t}` : t) : "")));
  expect(back[3].body).toBe("two\nlines");
  expect(back[5].body).toBe('\'=HYPERLINK("http://x")');
  expect(back[0].redacted).toBe("true");
  expect(csvPage([], true)).toBe(`${columns.join(",")}\r\n`);
});

it("quotes a lone carriage return, which csv-stringify leaves bare, and it parses back", () => {
  const rows = [row(1, "\rCR first"), row(3, "a\rb")];
  const lines = csvPage(flatPage(rows), false);
  expect(lines).toContain(`,"'\rCR first",`);
  expect(lines).toContain(`,"a\rb",`);
  const back = parse(csvPage(flatPage(rows), true), { columns: true }) as Array<Record<string, string>>;
  expect(back.map((r) => r.body)).toEqual(["'\rCR first", "a\rb"]);
});

it("writes JSON Lines as one line a row with the stored entity spliced in", () => {
  const rows = nasty.map((t, i) => row(i, t));
  const lines = jsonlPage(flatPage(rows)).split("\n");
  expect(lines.pop()).toBe("");
  expect(lines).toHaveLength(rows.length);
  expect(lines.map((l) => JSON.parse(l))).toEqual(rows.map(({ data, ...r }) => ({ ...r, data: JSON.parse(data) })));
  // Byte for byte the line JSON.stringify writes for the row (key order included), the entity spliced in last.
  expect(lines).toEqual(rows.map(({ data, ...r }) => `${JSON.stringify(r).slice(0, -1)},"data":${data}}`));
});

it("a page packed to cross threads unpacks to the same values, whatever its texts hold", () => {
  const rows = [...nasty, "s12:n", "j3:[1]", "9:", "n", "t"].map((t, i) => row(i, t));
  const page = flatPage(rows);
  expect(unpackPage(packPage(page))).toEqual(page);
  expect(csvPage(unpackPage(packPage(page)), true)).toBe(csvPage(page, true));
  expect(jsonlPage(unpackPage(packPage(page)))).toBe(jsonlPage(page));
});
