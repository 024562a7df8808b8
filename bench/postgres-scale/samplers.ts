// What the PostgreSQL scale-out bench (bench/postgres-scale.ts) samples besides its clients: pg_stat_statements,
// and the sequencer's backlog.
import pg from "pg";

export const quantile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
};

/** pg_stat_statements of the whole server (every database): reset at the start of the measured texts, read after. */
export const statements = {
  async run<T>(text: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: process.env.SIDETEXT_TEST_POSTGRES_URL });
    await client.connect();
    try {
      return (await client.query(text)).rows as T[];
    } finally {
      await client.end();
    }
  },
  reset: () => statements.run("select pg_stat_statements_reset()").catch(() => []),
  top: (texts: number) =>
    statements
      .run<{ calls: number; ms: number; query: string }>(
        `select calls::int, total_exec_time::float as ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) as query from pg_stat_statements order by calls desc limit 25`,
      )
      .then(async (rows) => {
        // All of them, the backlog sampler's left out (it is the bench's).
        const [all] = await statements.run<{ calls: number }>(
          `select sum(calls)::int as calls from pg_stat_statements where query not like '%clock_timestamp()%'`,
        );
        const lines = rows.map((r) => `    ${(r.calls / texts).toFixed(3)} calls, ${(r.ms / texts).toFixed(3)} ms per text: ${r.query}`);
        return [`    ${(all.calls / texts).toFixed(2)} statements per text in all (the backlog sampler's left out)`, ...lines].join("\n");
      })
      .catch(() => "    (pg_stat_statements is not loaded)"),
};

/**
 * The sequencer's backlog, sampled every 10 ms: how many events are committed without a position, and how
 * long the oldest of them has waited, from the first measured text on (from its createdAt, taken inside the writing transaction, so it also
 * counts the rest of that transaction and its commit).
 */
export async function sampleBacklog(url: string, measuring: () => boolean) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const ages: number[] = [];
  const counts: number[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      // Named: parsed and planned once (planning was most of its cost).
      const { rows } = await client.query({
        name: "backlog",
        text: `select count(*)::int as n, coalesce(extract(epoch from clock_timestamp() - min("createdAt")::timestamptz) * 1000, 0)::float as age from event where pos is null`,
      });
      // Not the seed's own backlog (thousands of events at start-up): from the measured texts on.
      if (measuring()) {
        counts.push(rows[0].n);
        ages.push(rows[0].age);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const pid = (await client.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0].pid;
  return {
    pid,
    async stop() {
      stopped = true;
      await loop;
      await client.end();
      return {
        p50Age: quantile(ages, 0.5),
        p99Age: quantile(ages, 0.99),
        maxAge: Math.max(...ages),
        p99Count: quantile(counts, 0.99),
        maxCount: Math.max(...counts),
        samples: ages.length,
      };
    },
  };
}
