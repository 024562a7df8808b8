// The WAL is folded into the database file by the checkpointer thread, not by a commit on the event loop.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/database";
import { tempDbFile, waitFor } from "../support/server";

const ROWS = 3000; // ~3 MB of rows: far past SQLite's own 1,000-page checkpoint threshold

describe("WAL checkpointer", () => {
  it("checkpoints off the event loop and leaves a whole database file on close", async () => {
    const file = tempDbFile();
    const database = await openDatabase(`sqlite:${file}`);
    const sqlite = database.sqlite!;
    // The writer no longer checkpoints at 1,000 pages; only past the safety net.
    expect(sqlite.pragma("wal_autocheckpoint", { simple: true })).toBeGreaterThan(10_000);

    sqlite.exec("CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    const insert = sqlite.prepare("INSERT INTO filler (body) VALUES (?)");
    sqlite.transaction(() => {
      for (let i = 0; i < ROWS; i++) insert.run("x".repeat(1000));
    })();
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(ROWS * 1000);

    // The checkpointer copies the WAL's pages into the database file by itself.
    await waitFor("the checkpointer to copy the WAL into the database file", () => fs.statSync(file).size > ROWS * 1000, 5000);
    // The writer goes on meanwhile, and its next transaction starts the WAL from the beginning.
    insert.run("after the checkpoint");

    await database.close();
    const reopened = await openDatabase(`sqlite:${file}`);
    expect(reopened.sqlite!.prepare("SELECT count(*) AS n FROM filler").get()).toEqual({ n: ROWS + 1 });
    await reopened.close();
    expect(fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0).toBe(0);
  });

  it("needs no thread for a throwaway in-memory database", async () => {
    const database = await openDatabase("sqlite::memory:");
    expect(database.sqlite!.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    await database.close();
  });
});
