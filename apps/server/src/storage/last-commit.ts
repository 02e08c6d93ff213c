import type { Database } from "./database.ts";
import { getCommit, lookupPath, type CommitRecord } from "./objects.ts";

/**
 * The commit that last changed `path`, following first parents from `head`: the oldest commit
 * of the unbroken run, starting at head, in which `path` has its current object id.
 */
export function lastCommitTouching(db: Database, repoId: number, head: CommitRecord, path: string, maxDepth = 10_000): CommitRecord {
  const currentOid = lookupPath(db, head.treeOid, path)?.oid;
  let candidate = head;
  for (let steps = 0; steps < maxDepth; steps++) {
    const parentOid = candidate.parentOids[0];
    if (!parentOid) break;
    const parent = getCommit(db, repoId, parentOid);
    if (!parent || lookupPath(db, parent.treeOid, path)?.oid !== currentOid) break;
    candidate = parent;
  }
  return candidate;
}
