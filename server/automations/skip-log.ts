// The run log's skip lines, one row per evaluated event (migration 370) instead of one per rule: a text with 20
// rules skipped ~9 of them, and those rows were most of what the engine wrote per text. A row holds each skipped
// rule with its reasons as indexes into the row's own list of distinct lines (rules skipped for the same reason
// share it). A rule's page of the run log finds its rows through the blocks of feed positions it was skipped in
// (automationSkipRange, one row per rule and 4,096 positions) and reads only those blocks, newest first.
import type { RuleRun } from "../../src/protocol/automations";
import type { Executor } from "../db/executor";
import { skipBlocksOf, skipRowsNaming } from "./skip-log.repository";

/** Feed positions per block of automationSkipRange. */
export const SKIP_BLOCK = 4096;

export interface SkippedRule {
  ruleId: string;
  conversationId: string | null;
  detail: string[];
}
export interface SkipRow {
  position: number;
  conversationId: string | null;
  /** JSON: [ruleId, reason indexes, conversationId if not the row's][] */
  rules: string;
  /** JSON: the row's distinct reason lines. */
  reasons: string;
  createdAt: string;
}

/** One event's skipped rules as its row; the (rule, block) pairs it must be findable from. */
export function skipRowOf(position: number, skipped: SkippedRule[], at: string): SkipRow {
  const reasons: string[] = [];
  const index = new Map<string, number>();
  const conversationId = skipped[0].conversationId;
  const rules = skipped.map((s) => {
    const lines = s.detail.map((line) => {
      let i = index.get(line);
      if (i === undefined) {
        i = reasons.push(line) - 1;
        index.set(line, i);
      }
      return i;
    });
    return s.conversationId === conversationId ? [s.ruleId, lines] : [s.ruleId, lines, s.conversationId];
  });
  return { position, conversationId, rules: JSON.stringify(rules), reasons: JSON.stringify(reasons), createdAt: at };
}

type Entry = [string, number[], (string | null)?];

/** The rules a row skipped (a stretch read again asks which it already logged). */
export const rulesSkippedIn = (row: Pick<SkipRow, "rules">): string[] => (JSON.parse(row.rules) as Entry[]).map((e) => e[0]);

/** The rule's line in a row, as the run log shows it; null when the row does not hold the rule. */
function runOf(row: SkipRow, ruleId: string): RuleRun | null {
  const entry = (JSON.parse(row.rules) as Entry[]).find((e) => e[0] === ruleId);
  if (!entry) return null;
  const reasons = JSON.parse(row.reasons) as string[];
  return {
    id: `askip_${row.position}_${ruleId}`,
    ruleId,
    conversationId: entry.length > 2 ? (entry[2] ?? null) : row.conversationId,
    outcome: "skipped",
    detail: entry[1].map((i) => reasons[i]),
    createdAt: row.createdAt,
  };
}

/** The rule's latest `limit` skip lines, newest first: block by block, only the blocks it was skipped in. */
export async function skipsOfRule(db: Executor, ruleId: string, limit: number): Promise<RuleRun[]> {
  const runs: RuleRun[] = [];
  for (const block of await skipBlocksOf(db, ruleId)) {
    let to = (block + 1) * SKIP_BLOCK;
    while (runs.length < limit) {
      const want = limit - runs.length;
      const rows = await skipRowsNaming(db, ruleId, block * SKIP_BLOCK, to, want);
      for (const row of rows) {
        const run = runOf(row, ruleId);
        if (run) runs.push(run);
      }
      if (rows.length < want) break; // the block has no more
      to = rows[rows.length - 1].position;
    }
    if (runs.length >= limit) break;
  }
  return runs;
}
