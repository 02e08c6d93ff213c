import BetterSqlite3 from "better-sqlite3";
import { migrations as builtInMigrations, type Migration } from "./migrations.ts";

/** The better-sqlite3 database handle used everywhere in the server. */
export type Database = BetterSqlite3.Database;

/** Opens (creating if needed) the metadata database in WAL mode and applies pending migrations. */
export function openDatabase(file: string, extraMigrations: Migration[] = []): Database {
  const db = new BetterSqlite3(file);
  db.pragma("journal_mode = WAL");
  // FULL: a transaction reported committed survives a crash of the process or the machine.
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  applyMigrations(db, [...builtInMigrations, ...extraMigrations]);
  return db;
}

/** Runs every migration not yet recorded, each in its own transaction. */
export function applyMigrations(db: Database, list: Migration[]): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
  const applied = new Set((db.prepare("SELECT id FROM schema_migrations").all() as { id: string }[]).map((row) => row.id));
  for (const migration of list) {
    if (applied.has(migration.id)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)").run(migration.id, new Date().toISOString());
    })();
  }
}

/** A random 24-hex object id, like the Hub's Mongo ids. */
export function newObjectId(): string {
  const time = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, "0");
  const random = Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) => byte.toString(16).padStart(2, "0")).join("");
  return time + random;
}
