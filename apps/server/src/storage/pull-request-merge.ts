import { gitCommitOid } from "../git/hash.ts";
import { Conflict, Inconsistent } from "./errors.ts";
import type { BlobStore } from "./blobs.ts";
import type { Database } from "./database.ts";
import type { DiscussionRecord } from "./discussion-records.ts";
import { getBlob, getCommit, insertCommit, walkTree } from "./objects.ts";
import { getRef, setRef } from "./refs.ts";
import { TreeEditor } from "./tree-editor.ts";
import { fileDiff, type DiffSide } from "./unified-diff.ts";

/** Where a pull request stands against its target branch. */
export interface PullRequestState {
  /** Head of `refs/pr/N`. */
  headOid: string;
  /** Head of the target branch. */
  targetOid: string;
  /** Last common ancestor of both (the point the PR's changes are measured from). */
  baseOid: string;
  /** Paths the PR changes, with their blob oid at the PR head (`undefined` when deleted). */
  changes: Map<string, string | undefined>;
  /** Paths changed differently on both sides since the base. */
  conflicts: string[];
}

/** Every file of a tree: path to blob oid. */
export function flattenTree(db: Database, treeOid: string): Map<string, string> {
  return new Map(
    walkTree(db, treeOid, "", true)
      .filter((entry) => entry.kind === "blob")
      .map((entry) => [entry.path, entry.oid]),
  );
}

function ancestors(db: Database, repoId: number, oid: string): Set<string> {
  const seen = new Set<string>();
  const queue = [oid];
  while (queue.length > 0) {
    const current = queue.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    queue.push(...(getCommit(db, repoId, current)?.parentOids ?? []));
  }
  return seen;
}

/** The nearest common ancestor of two commits (breadth first from `head`). */
export function mergeBase(db: Database, repoId: number, head: string, target: string): string | undefined {
  const targetAncestors = ancestors(db, repoId, target);
  const queue = [head];
  const seen = new Set<string>();
  for (let index = 0; index < queue.length; index++) {
    const current = queue[index]!;
    if (targetAncestors.has(current)) return current;
    if (seen.has(current)) continue;
    seen.add(current);
    queue.push(...(getCommit(db, repoId, current)?.parentOids ?? []));
  }
  return undefined;
}

function changedPaths(before: Map<string, string>, after: Map<string, string>): Map<string, string | undefined> {
  const changes = new Map<string, string | undefined>();
  for (const [path, oid] of after) if (before.get(path) !== oid) changes.set(path, oid);
  for (const path of before.keys()) if (!after.has(path)) changes.set(path, undefined);
  return changes;
}

function treeOf(db: Database, repoId: number, oid: string): Map<string, string> {
  const commit = getCommit(db, repoId, oid);
  if (!commit) throw new Inconsistent(`Missing commit ${oid}`);
  return flattenTree(db, commit.treeOid);
}

/** The PR's changes and conflicts against its target; for a merged PR, against the target as it was before the merge. */
export function pullRequestState(db: Database, pullRequest: DiscussionRecord): PullRequestState {
  const headOid = getRef(db, pullRequest.repoId, `refs/pr/${pullRequest.num}`);
  if (!headOid) throw new Inconsistent(`Pull request #${pullRequest.num} has no refs/pr/${pullRequest.num}`);
  const mergeCommit = pullRequest.mergeCommitOid ? getCommit(db, pullRequest.repoId, pullRequest.mergeCommitOid) : undefined;
  const targetOid = mergeCommit?.parentOids[0] ?? getRef(db, pullRequest.repoId, pullRequest.baseRef ?? "refs/heads/main");
  if (!targetOid) throw new Conflict(`The target branch ${pullRequest.baseRef} of pull request #${pullRequest.num} no longer exists`);
  const baseOid = mergeBase(db, pullRequest.repoId, headOid, targetOid) ?? targetOid;
  const baseFiles = treeOf(db, pullRequest.repoId, baseOid);
  const changes = changedPaths(baseFiles, treeOf(db, pullRequest.repoId, headOid));
  const targetChanges = changedPaths(baseFiles, treeOf(db, pullRequest.repoId, targetOid));
  const conflicts = mergeCommit
    ? []
    : [...changes]
        .filter(([path, oid]) => targetChanges.has(path) && targetChanges.get(path) !== oid)
        .map(([path]) => path)
        .sort();
  return { headOid, targetOid, baseOid, changes, conflicts };
}

function diffSide(db: Database, blobs: BlobStore, oid: string | undefined): DiffSide | undefined {
  if (!oid) return undefined;
  const blob = getBlob(db, oid);
  if (!blob || blob.lfs) return { oid, text: undefined };
  const bytes = blobs.readBytesSync(blob.sha256);
  if (bytes.includes(0)) return { oid, text: undefined };
  try {
    return { oid, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { oid, text: undefined };
  }
}

/** Unified git diff of the PR's changes (base to PR head), files sorted by path. */
export function pullRequestDiff(db: Database, blobs: BlobStore, pullRequest: DiscussionRecord, state: PullRequestState): string {
  const baseFiles = treeOf(db, pullRequest.repoId, state.baseOid);
  return [...state.changes.keys()]
    .sort()
    .map((path) => fileDiff(path, diffSide(db, blobs, baseFiles.get(path)), diffSide(db, blobs, state.changes.get(path))))
    .join("");
}

/**
 * Merges an open pull request into its target branch as a new commit whose parents are the target
 * head and the PR head (the PR's changes applied onto the target's tree). 409 with the paths when
 * it conflicts. Returns the merge commit oid. Call inside a transaction.
 */
export function writeMergeCommit(db: Database, pullRequest: DiscussionRecord, author: string): string {
  const state = pullRequestState(db, pullRequest);
  if (state.conflicts.length > 0) {
    throw new Conflict(`Pull request #${pullRequest.num} conflicts with ${pullRequest.baseRef}: ${state.conflicts.join(", ")}`, {
      filesWithConflicts: state.conflicts,
    });
  }
  const target = getCommit(db, pullRequest.repoId, state.targetOid)!;
  const head = getCommit(db, pullRequest.repoId, state.headOid)!;
  const editor = new TreeEditor(db, target.treeOid);
  for (const [path, oid] of state.changes) {
    if (oid) editor.setFile(path, oid);
    else if (editor.fileOid(path)) editor.deleteFile(path);
  }
  const timestamp = Math.floor(Date.now() / 1000);
  const title = `Merge pull request #${pullRequest.num}: ${pullRequest.title}`;
  const parentOids = [target.oid, head.oid];
  const treeOid = editor.write();
  const oid = gitCommitOid({
    treeOid,
    parentOids,
    authorName: author,
    authorEmail: `${author}@users.noreply.localhost`,
    timestamp,
    message: `${title}\n`,
  });
  insertCommit(db, pullRequest.repoId, {
    oid,
    treeOid,
    parentOids,
    depth: Math.max(target.depth, head.depth) + 1,
    author,
    title,
    message: "",
    createdAt: new Date(timestamp * 1000).toISOString(),
  });
  setRef(db, pullRequest.repoId, pullRequest.baseRef ?? "refs/heads/main", oid);
  return oid;
}
