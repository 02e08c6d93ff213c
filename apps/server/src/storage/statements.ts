import type BetterSqlite3 from "better-sqlite3";
import type { Database } from "./database.ts";

const caches = new WeakMap<Database, Map<string, BetterSqlite3.Statement>>();

/**
 * The prepared statement for `sql` on `db`, prepared once: preparing costs more than running the
 * small queries of the hot paths (one tree lookup per path segment of every file of a commit).
 */
export function statement<Parameters extends unknown[] = unknown[], Result = unknown>(
  db: Database,
  sql: string,
): BetterSqlite3.Statement<Parameters, Result> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared as unknown as BetterSqlite3.Statement<Parameters, Result>;
}
