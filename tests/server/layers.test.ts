// Server layers that mean what they say (issue 13): SQL lives in `*.repository.ts` files; services and use
// cases call repositories, routes call services. This scans every server source file for Kysely's query
// builder (and for SQL written as text) and names each place outside a repository.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const serverDir = path.join(root, "server");

/** Where SQL may be written outside a repository, and why. */
const ALLOWED = [
  /\.repository\.ts$/,
  // Migrations are plain, ordered DDL, run once.
  /^server\/db\/migrations\//,
  // The raw SQLite ingest store: better-sqlite3 prepared statements on the hottest path, not Kysely.
  /^server\/messages\/inbound-store\.sqlite\.ts$/,
];

/** Single lines outside a repository that look like SQL but do not query our database, and why. */
const NOT_OUR_DATABASE: Array<[RegExp, RegExp]> = [
  // SOQL sent to Salesforce through jsforce's conn.query (its API, not our database).
  [/^server\/integrations\/crm\/salesforce\.ts$/, /\bconn\.query<[^>]*>\(\s*"SELECT [^"]* FROM Organization\b/],
];

const QUERY_SITES: Array<[string, RegExp]> = [
  ["query builder", /\.(selectFrom|insertInto|replaceInto|updateTable|deleteFrom|selectNoFrom)\(|\.mergeInto\(\s*["'`]/],
  ["raw query", /\.executeQuery\(/],
  ["sql template", /\bsql\s*(<[^`;]*>)?\s*`/],
  ["sql helper", /\bsql\.(raw|ref|lit|id|val|join|table)\(/],
  ["SQL text", /["'`]\s*(select\s+[\w*"(]|insert\s+into\s|update\s+"?\w+"?\s+set\s|delete\s+from\s|with\s+\w+\s+as\s*\(|listen\s)/i],
];

/** The lines of `source` (comments left out) that query the database, as "line: kind: text". */
function querySites(source: string): string[] {
  const found: string[] = [];
  let inBlockComment = false;
  source.split("\n").forEach((line, i) => {
    let code = line;
    if (inBlockComment) {
      const end = code.indexOf("*/");
      if (end === -1) return;
      code = code.slice(end + 2);
      inBlockComment = false;
    }
    code = code.replace(/\/\*.*?\*\//g, "");
    const open = code.indexOf("/*");
    if (open !== -1) {
      inBlockComment = true;
      code = code.slice(0, open);
    }
    if (/^\s*(\/\/|\*)/.test(code)) return; // a line comment, or a line inside a doc comment
    for (const [kind, pattern] of QUERY_SITES) {
      if (pattern.test(code)) {
        found.push(`${i + 1}: ${kind}: ${line.trim()}`);
        break;
      }
    }
  });
  return found;
}

function serverFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return serverFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

describe("server layers", () => {
  it("finds each way of querying the database, and not comments about it", () => {
    const source = [
      'const a = await db.selectFrom("event").selectAll().execute();',
      "await trx.insertInto('event').values(row).execute();",
      'await db.updateTable("contact").set(changes).execute();',
      'await db.deleteFrom("event").execute();',
      "await sql`select 1`.execute(db);",
      "const head = sql<number>`max(pos)`;",
      'const col = sql.ref("pos");',
      'await client.query("select pg_notify($1, $2)", [channel, payload]);',
      "await query(`insert into event (type) values ($1)`, [type]);",
      "// db.selectFrom in a comment says nothing",
      "/* nor sql`here` */ const fine = 1;",
      " * or in a doc comment: delete from event",
    ].join("\n");
    expect(querySites(source).map((site) => site.split(":")[0])).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
  });

  it("has no query outside *.repository.ts (but migrations and the raw SQLite ingest store)", () => {
    const offenders = serverFiles(serverDir).flatMap((file) => {
      const relative = path.relative(root, file).split(path.sep).join("/");
      if (ALLOWED.some((allowed) => allowed.test(relative))) return [];
      const elsewhere = NOT_OUR_DATABASE.filter(([file]) => file.test(relative)).map(([, line]) => line);
      return querySites(fs.readFileSync(file, "utf8"))
        .filter((site) => !elsewhere.some((line) => line.test(site)))
        .map((site) => `${relative}:${site}`);
    });
    expect(offenders, "SQL goes in a *.repository.ts beside its service (issue 13; STYLE.md, DESIGN.md)").toEqual([]);
  });
});
