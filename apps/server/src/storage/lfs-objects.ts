import type { Database } from "./database.ts";
import { statement } from "./statements.ts";

/*
 * LFS objects belong to repos. The bytes are stored once (content-addressed, deduplicated across
 * repos), but a repo may only use an object it owns: one uploaded to it (the upload proves the
 * uploader has the bytes: they must hash to the oid) or one in its history. Knowing an oid is not
 * enough to read it, commit it or learn whether it exists.
 */

/** The size of an uploaded LFS object, if it is stored (in any repo: for storage decisions only, never for access). */
export function lfsObjectSize(db: Database, sha256: string): number | undefined {
  const row = statement(db, "SELECT size FROM lfs_objects WHERE sha256 = ?").get(sha256) as { size: number } | undefined;
  return row?.size;
}

/** The size of an LFS object the repo owns, or `undefined` when it does not (whether or not another repo has it). */
export function repoLfsObjectSize(db: Database, repoId: number, sha256: string): number | undefined {
  const row = statement(
    db,
    "SELECT lfs_objects.size FROM repo_lfs_objects JOIN lfs_objects ON lfs_objects.sha256 = repo_lfs_objects.sha256 WHERE repo_lfs_objects.repo_id = ? AND repo_lfs_objects.sha256 = ?",
  ).get(repoId, sha256) as { size: number } | undefined;
  return row?.size;
}

/**
 * Records an LFS object whose bytes are now stored: in the blob store, or (`xetHash`) only in the xorbs of
 * that Xet file. An object already recorded keeps where its bytes are.
 */
export function recordLfsObject(db: Database, sha256: string, size: number, xetHash?: string): void {
  statement(db, "INSERT OR IGNORE INTO lfs_objects (sha256, size, created_at, xet_hash) VALUES (?, ?, ?, ?)").run(
    sha256,
    size,
    new Date().toISOString(),
    xetHash ?? null,
  );
}

/** The Xet file holding an LFS object's bytes when they live only in xorbs; undefined when they are a blob (or unknown). */
export function lfsObjectXetHash(db: Database, sha256: string): string | undefined {
  const row = statement(db, "SELECT xet_hash FROM lfs_objects WHERE sha256 = ?").get(sha256) as { xet_hash: string | null } | undefined;
  return row?.xet_hash ?? undefined;
}

/** Gives a repo an object whose bytes were just uploaded to it (and verified against the oid). */
export function grantLfsObject(db: Database, repoId: number, sha256: string): void {
  statement(db, "INSERT OR IGNORE INTO repo_lfs_objects (repo_id, sha256) VALUES (?, ?)").run(repoId, sha256);
}

/** Gives a repo every LFS object of a tree (a copy of another repo's tree, e.g. a duplicated Space). */
export function grantTreeLfsObjects(db: Database, repoId: number, treeOid: string): void {
  statement(
    db,
    `WITH RECURSIVE reachable(tree_oid) AS (
       SELECT ?
       UNION
       SELECT tree_entries.oid FROM reachable JOIN tree_entries ON tree_entries.tree_oid = reachable.tree_oid AND tree_entries.kind = 'tree'
     )
     INSERT OR IGNORE INTO repo_lfs_objects (repo_id, sha256)
       SELECT DISTINCT ?, blobs.sha256 FROM reachable
         JOIN tree_entries ON tree_entries.tree_oid = reachable.tree_oid AND tree_entries.kind = 'blob'
         JOIN blobs ON blobs.oid = tree_entries.oid AND blobs.lfs = 1`,
  ).run(treeOid, repoId);
}

/** The internal id of a repo from its public object id (the one signed into upload URLs), if it still exists. */
export function repoIdOfObjectId(db: Database, objectId: string): number | undefined {
  const row = statement(db, "SELECT id FROM repos WHERE object_id = ?").get(objectId) as { id: number } | undefined;
  return row?.id;
}
