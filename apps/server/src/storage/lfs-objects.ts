import type { Database } from "./database.ts";
import { statement } from "./statements.ts";

/** The size of an uploaded LFS object, if it is stored. */
export function lfsObjectSize(db: Database, sha256: string): number | undefined {
  const row = statement(db, "SELECT size FROM lfs_objects WHERE sha256 = ?").get(sha256) as { size: number } | undefined;
  return row?.size;
}

/** Records an LFS object whose bytes are now in the blob store. */
export function recordLfsObject(db: Database, sha256: string, size: number): void {
  statement(db, "INSERT OR IGNORE INTO lfs_objects (sha256, size, created_at) VALUES (?, ?, ?)").run(sha256, size, new Date().toISOString());
}
