import { lfsPointerInfo } from "../git/hash.ts";
import type { Database } from "../storage/database.ts";
import { lastCommitTouching } from "../storage/last-commit.ts";
import type { CommitRecord, WalkedEntry } from "../storage/objects.ts";
import { xetHashOfSha256 } from "../storage/xet.ts";

/** A tree / paths-info entry as the Hub answers it; `expand` adds lastCommit and security status, `xet` the `xetHash` of files uploaded through Xet. */
export function treeEntryJson(
  db: Database,
  repoId: number,
  head: CommitRecord,
  entry: WalkedEntry,
  expand: boolean,
  xet = false,
): Record<string, unknown> {
  const json: Record<string, unknown> =
    entry.kind === "tree"
      ? { type: "directory", oid: entry.oid, size: 0, path: entry.path }
      : { type: "file", oid: entry.oid, size: entry.blob?.size ?? 0, path: entry.path };
  if (entry.blob?.lfs) {
    json.lfs = {
      oid: entry.blob.sha256,
      size: entry.blob.size,
      pointerSize: lfsPointerInfo(entry.blob.sha256, entry.blob.size).pointerSize,
    };
    const xetHash = xet ? xetHashOfSha256(db, entry.blob.sha256) : undefined;
    if (xetHash) json.xetHash = xetHash;
  }
  if (expand) {
    const commit = lastCommitTouching(db, repoId, head, entry.path);
    json.lastCommit = { id: commit.oid, title: commit.title, date: commit.createdAt };
    if (entry.kind === "blob")
      json.securityFileStatus = { status: "safe", avScan: { status: "safe" }, pickleImportScan: { status: "unscanned" } };
  }
  return json;
}

/** Orders entries like the Hub: directories first, then files, each by path. */
export function compareEntries(a: WalkedEntry, b: WalkedEntry): number {
  if (a.kind !== b.kind) return a.kind === "tree" ? -1 : 1;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
