// The connections inbound batches run on (PostgreSQL): plain node-postgres clients in pipeline mode, so the
// statements of a batch that do not wait for each other's answers (BEGIN and the read ahead; the write and
// COMMIT) share a round trip, and the batch's two statements are prepared once per connection. Kysely's
// pool sends one statement per round trip and re-plans each. A connection that fails is replaced at the
// next batch.
import type pg from "pg";

// biome-ignore lint/suspicious/noExplicitAny: node-postgres rows are untyped; each statement's caller reads the columns it selected.
export type Query = (text: string, params?: unknown[], name?: string) => Promise<Array<Record<string, any>>>;

// bigint (count(*)) comes back as a number, as on Kysely's pool (db/database.ts).
const typesOf = (p: typeof pg) => ({
  getTypeParser: (oid: number, format?: "text" | "binary") => (oid === p.types.builtins.INT8 ? Number : p.types.getTypeParser(oid, format)),
});

export class IngestConnection {
  private client: Promise<pg.Client> | null = null;

  constructor(private url: string) {}

  /** The statements of one batch, on this connection (one batch at a time per connection). */
  async query(): Promise<Query> {
    this.client ??= this.connect();
    const client = await this.client;
    return async (text, params = [], name) => (await client.query({ text, values: params, name })).rows;
  }

  async end() {
    const client = this.client;
    this.client = null;
    await (await client?.catch(() => null))?.end().catch(() => {});
  }

  private async connect(): Promise<pg.Client> {
    const { default: pg } = await import("pg"); // loaded by the first PostgreSQL batch, not by every server
    const client = new pg.Client({
      connectionString: this.url,
      pipeline: true,
      types: typesOf(pg) as pg.CustomTypesConfig,
      // As the pool's writers (db/database.ts): a hung batch does not hold its row locks for long.
      statement_timeout: 30_000,
      idle_in_transaction_session_timeout: 60_000,
    });
    const forget = () => {
      if (this.client === connected) this.client = null;
    };
    const connected = client.connect().then(() => client);
    client.on("error", forget);
    client.on("end", forget);
    connected.catch(forget);
    return connected;
  }
}
