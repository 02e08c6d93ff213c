import { EMPTY_TREE_OID, gitTreeOid, type GitTreeEntry } from "../git/hash.ts";
import type { Database } from "./database.ts";
import { statement } from "./statements.ts";

/** A git blob as the server tracks it: content size and sha256; `lfs` blobs are stored as pointers. */
export interface BlobRecord {
  oid: string;
  /** Size of the file content (for LFS files the real size, not the pointer's). */
  size: number;
  /** sha256 of the file content: the key in the blob store, and the LFS oid. */
  sha256: string;
  lfs: boolean;
}

/** A tree entry with its blob details when it is a file. */
export interface TreeEntryRecord extends GitTreeEntry {
  blob?: BlobRecord;
}

/** A commit row. */
export interface CommitRecord {
  oid: string;
  treeOid: string;
  parentOids: string[];
  depth: number;
  author: string;
  title: string;
  message: string;
  createdAt: string;
}

/** Records a blob (idempotent). */
export function insertBlob(db: Database, blob: BlobRecord): void {
  statement(db, "INSERT OR IGNORE INTO blobs (oid, size, sha256, lfs) VALUES (?, ?, ?, ?)").run(
    blob.oid,
    blob.size,
    blob.sha256,
    blob.lfs ? 1 : 0,
  );
}

/** Looks up a blob by git oid. */
export function getBlob(db: Database, oid: string): BlobRecord | undefined {
  const row = statement(db, "SELECT oid, size, sha256, lfs FROM blobs WHERE oid = ?").get(oid) as
    { oid: string; size: number; sha256: string; lfs: number } | undefined;
  return row && { oid: row.oid, size: row.size, sha256: row.sha256, lfs: row.lfs === 1 };
}

/** Stores a tree object (idempotent) and returns its git oid. */
export function insertTree(db: Database, entries: GitTreeEntry[]): string {
  const oid = gitTreeOid(entries);
  if (statement(db, "INSERT OR IGNORE INTO trees (oid) VALUES (?)").run(oid).changes > 0) {
    const insert = statement(db, "INSERT INTO tree_entries (tree_oid, name, kind, oid) VALUES (?, ?, ?, ?)");
    for (const entry of entries) insert.run(oid, entry.name, entry.kind, entry.oid);
  }
  return oid;
}

/** The entries of a tree, with blob details, sorted by name. */
export function getTreeEntries(db: Database, treeOid: string): TreeEntryRecord[] {
  if (treeOid === EMPTY_TREE_OID) return [];
  const rows = statement(
    db,
    `SELECT e.name, e.kind, e.oid, b.size, b.sha256, b.lfs FROM tree_entries e
     LEFT JOIN blobs b ON e.kind = 'blob' AND b.oid = e.oid WHERE e.tree_oid = ? ORDER BY e.name`,
  ).all(treeOid) as Array<{
    name: string;
    kind: "blob" | "tree";
    oid: string;
    size: number | null;
    sha256: string | null;
    lfs: number | null;
  }>;
  return rows.map((row) => ({
    name: row.name,
    kind: row.kind,
    oid: row.oid,
    ...(row.kind === "blob" && row.sha256 !== null
      ? { blob: { oid: row.oid, size: row.size ?? 0, sha256: row.sha256, lfs: row.lfs === 1 } }
      : {}),
  }));
}

/** The entry at `path` inside a tree (empty path: the tree itself as a directory entry). */
export function lookupPath(db: Database, treeOid: string, path: string): TreeEntryRecord | undefined {
  if (path === "") return { name: "", kind: "tree", oid: treeOid };
  let current: TreeEntryRecord = { name: "", kind: "tree", oid: treeOid };
  for (const segment of path.split("/")) {
    if (current.kind !== "tree") return undefined;
    const row = statement(
      db,
      `SELECT e.name, e.kind, e.oid, b.size, b.sha256, b.lfs FROM tree_entries e
       LEFT JOIN blobs b ON e.kind = 'blob' AND b.oid = e.oid WHERE e.tree_oid = ? AND e.name = ?`,
    ).get(current.oid, segment) as
      { name: string; kind: "blob" | "tree"; oid: string; size: number | null; sha256: string | null; lfs: number | null } | undefined;
    if (!row) return undefined;
    current = {
      name: row.name,
      kind: row.kind,
      oid: row.oid,
      ...(row.kind === "blob" && row.sha256 !== null
        ? { blob: { oid: row.oid, size: row.size ?? 0, sha256: row.sha256, lfs: row.lfs === 1 } }
        : {}),
    };
  }
  return current;
}

/** One file or directory found by walking a tree. */
export interface WalkedEntry extends TreeEntryRecord {
  path: string;
}

/** Lists the children of a directory, or everything below it when `recursive`, depth first. */
export function walkTree(db: Database, treeOid: string, basePath: string, recursive: boolean): WalkedEntry[] {
  const result: WalkedEntry[] = [];
  const visit = (oid: string, prefix: string) => {
    for (const entry of getTreeEntries(db, oid)) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      result.push({ ...entry, path });
      if (recursive && entry.kind === "tree") visit(entry.oid, path);
    }
  };
  visit(treeOid, basePath);
  return result;
}

interface CommitRow {
  oid: string;
  tree_oid: string;
  parent_oids: string;
  depth: number;
  author: string;
  title: string;
  message: string;
  created_at: string;
}

function toCommit(row: CommitRow): CommitRecord {
  return {
    oid: row.oid,
    treeOid: row.tree_oid,
    parentOids: row.parent_oids ? row.parent_oids.split(",") : [],
    depth: row.depth,
    author: row.author,
    title: row.title,
    message: row.message,
    createdAt: row.created_at,
  };
}

/** Records a commit of a repo (idempotent). */
export function insertCommit(db: Database, repoId: number, commit: CommitRecord): void {
  statement(
    db,
    `INSERT OR IGNORE INTO commits (repo_id, oid, tree_oid, parent_oids, depth, author, title, message, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    repoId,
    commit.oid,
    commit.treeOid,
    commit.parentOids.join(","),
    commit.depth,
    commit.author,
    commit.title,
    commit.message,
    commit.createdAt,
  );
}

/** A commit of a repo by full oid. */
export function getCommit(db: Database, repoId: number, oid: string): CommitRecord | undefined {
  const row = statement(db, "SELECT * FROM commits WHERE repo_id = ? AND oid = ?").get(repoId, oid) as CommitRow | undefined;
  return row && toCommit(row);
}

/** Commits of a repo whose oid starts with `prefix` (at most 2, to detect ambiguity). */
export function findCommitsByPrefix(db: Database, repoId: number, prefix: string): CommitRecord[] {
  const rows = statement(db, "SELECT * FROM commits WHERE repo_id = ? AND oid >= ? AND oid < ? LIMIT 2").all(
    repoId,
    prefix,
    `${prefix}g`,
  ) as CommitRow[];
  return rows.map(toCommit);
}
