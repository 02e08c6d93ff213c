import type { Database } from "./database.ts";
import { statement } from "./statements.ts";

/** A ref and the commit it points to. */
export interface RefRecord {
  name: string;
  commitOid: string;
}

/** The commit a full ref name (`refs/heads/main`) points to. */
export function getRef(db: Database, repoId: number, refName: string): string | undefined {
  const row = statement(db, "SELECT commit_oid FROM refs WHERE repo_id = ? AND name = ?").get(repoId, refName) as
    { commit_oid: string } | undefined;
  return row?.commit_oid;
}

/** Creates or moves a ref. */
export function setRef(db: Database, repoId: number, refName: string, commitOid: string): void {
  statement(
    db,
    "INSERT INTO refs (repo_id, name, commit_oid) VALUES (?, ?, ?) ON CONFLICT (repo_id, name) DO UPDATE SET commit_oid = excluded.commit_oid",
  ).run(repoId, refName, commitOid);
}

/** Deletes a ref; returns whether it existed. */
export function deleteRef(db: Database, repoId: number, refName: string): boolean {
  return statement(db, "DELETE FROM refs WHERE repo_id = ? AND name = ?").run(repoId, refName).changes > 0;
}

/** Every ref of a repo, sorted by name. */
export function listRefs(db: Database, repoId: number): RefRecord[] {
  return (
    statement(db, "SELECT name, commit_oid FROM refs WHERE repo_id = ? ORDER BY name").all(repoId) as Array<{
      name: string;
      commit_oid: string;
    }>
  ).map((row) => ({ name: row.name, commitOid: row.commit_oid }));
}
