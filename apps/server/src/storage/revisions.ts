import type { Database } from "./database.ts";
import { findCommitsByPrefix, getCommit, type CommitRecord } from "./objects.ts";
import { getRef } from "./refs.ts";

/** The default branch of every repo. */
export const DEFAULT_BRANCH = "main";

/** A revision resolved to a commit, with the ref it came from when it named one. */
export interface ResolvedRevision {
  commit: CommitRecord;
  /** Full ref name (`refs/heads/main`, `refs/pr/1`...) when the revision was a ref. */
  refName?: string;
}

/** The full ref a branch-like revision designates for writing (branches and `refs/pr/N`). */
export function writableRefName(revision: string): string | undefined {
  if (/^refs\/pr\/\d+$/.test(revision)) return revision;
  if (revision.startsWith("refs/heads/")) return revision;
  if (revision.startsWith("refs/")) return undefined;
  if (revision === "HEAD") return `refs/heads/${DEFAULT_BRANCH}`;
  return `refs/heads/${revision}`;
}

/** Resolves HEAD, a branch, a tag, a full ref, a full oid or a short (>= 7) oid to a commit. */
export function resolveRevision(db: Database, repoId: number, revision: string): ResolvedRevision | undefined {
  const candidates: string[] = [];
  if (revision === "HEAD") candidates.push(`refs/heads/${DEFAULT_BRANCH}`);
  else if (revision.startsWith("refs/")) candidates.push(revision);
  else candidates.push(`refs/heads/${revision}`, `refs/tags/${revision}`);
  for (const refName of candidates) {
    const oid = getRef(db, repoId, refName);
    if (oid) {
      const commit = getCommit(db, repoId, oid);
      if (commit) return { commit, refName };
    }
  }
  if (/^[0-9a-f]{40}$/.test(revision)) {
    const commit = getCommit(db, repoId, revision);
    return commit && { commit };
  }
  if (/^[0-9a-f]{7,39}$/.test(revision)) {
    const matches = findCommitsByPrefix(db, repoId, revision);
    if (matches.length === 1) return { commit: matches[0]! };
  }
  return undefined;
}
