import { DEFAULT_GITATTRIBUTES } from "../git/default-attributes.ts";
import { EMPTY_TREE_OID, gitBlobOid, gitCommitOid } from "../git/hash.ts";
import { GitAttributes, escapeAttributesPath } from "../git/patterns.ts";
import { InvalidInput, RevisionNotFound, StaleParent } from "./errors.ts";
import type { BlobStore } from "./blobs.ts";
import type { Database } from "./database.ts";
import { recordPullRequestCommit } from "./discussion-records.ts";
import { insertPullRequest, addDiscussionEvent } from "./discussions.ts";
import { getBlob, getCommit, insertBlob, insertCommit, type BlobRecord, type CommitRecord } from "./objects.ts";
import { repoLfsObjectSize } from "./lfs-objects.ts";
import { getRef, setRef } from "./refs.ts";
import type { Repo } from "./repos.ts";
import { TreeEditor } from "./tree-editor.ts";
import { statement } from "./statements.ts";

/** One operation of a commit, with its content already in the blob store. */
export type StagedOperation =
  { kind: "file"; path: string; blob: BlobRecord } | { kind: "deleteFile"; path: string } | { kind: "deleteFolder"; path: string };

/** Everything needed to write one commit. */
export interface WriteCommitParams {
  repo: Repo;
  /** Full ref to commit to: `refs/heads/<branch>` or `refs/pr/<n>`; with `createPullRequest`, the base branch. */
  targetRef: string;
  /** Optimistic-concurrency check (or the PR base when `createPullRequest`). */
  parentCommit?: string;
  createPullRequest?: boolean;
  author: { id: number | null; name: string };
  title: string;
  description: string;
  operations: StagedOperation[];
}

/** The new commit, and the PR it opened if any. */
export interface WriteCommitResult {
  commitOid: string;
  pullRequestNum?: number;
}

/** The Hub's refusal of a pointer to an LFS object the repo does not have (missing, or only in other repos): 400. */
export function missingLfsObject(path: string): InvalidInput {
  return new InvalidInput(
    `Your push was rejected because an LFS pointer pointed to a file that does not exist (${path}): upload its content to this repo first`,
  );
}

/** Stores small bytes as a regular git blob and records it. */
export function storeRegularBlobSync(db: Database, blobs: BlobStore, bytes: Uint8Array): BlobRecord {
  const stored = blobs.putBytesSync(bytes);
  const blob = { oid: gitBlobOid(bytes), size: stored.size, sha256: stored.sha256, lfs: false };
  insertBlob(db, blob);
  return blob;
}

/**
 * Writes a commit in one SQLite transaction: checks the parent, edits the tree, tracks new LFS
 * paths in `.gitattributes`, records the commit and moves the ref (or opens a PR). It lands
 * whole or not at all; better-sqlite3 being synchronous, commits of a repo are serialised.
 */
export function writeCommit(db: Database, blobs: BlobStore, params: WriteCommitParams): WriteCommitResult {
  return db.transaction(() => {
    const base = findBase(db, params);
    const editor = new TreeEditor(db, base.treeOid);
    const lfsPaths: string[] = [];
    for (const operation of params.operations) {
      if (operation.kind === "file") {
        // The last word on LFS ownership, inside the transaction: a repo commits only its own objects.
        if (operation.blob.lfs && repoLfsObjectSize(db, params.repo.id, operation.blob.sha256) === undefined) {
          throw missingLfsObject(operation.path);
        }
        insertBlob(db, operation.blob);
        editor.setFile(operation.path, operation.blob.oid);
        if (operation.blob.lfs) lfsPaths.push(operation.path);
      } else if (operation.kind === "deleteFile") editor.deleteFile(operation.path);
      else editor.deleteFolder(operation.path);
    }
    trackLfsPaths(db, blobs, editor, lfsPaths);
    const treeOid = editor.write();
    const commit = buildCommit(treeOid, base.oid ? [base] : [], params);
    insertCommit(db, params.repo.id, commit);
    if (!params.createPullRequest) {
      recordPullRequestCommit(db, params.repo.id, params.targetRef, { authorId: params.author.id, subject: params.title, oid: commit.oid });
      setRef(db, params.repo.id, params.targetRef, commit.oid);
      return { commitOid: commit.oid };
    }
    const pullRequest = insertPullRequest(db, {
      repoId: params.repo.id,
      title: params.title,
      description: params.description,
      authorId: params.author.id ?? 0,
      status: "open",
      baseRef: params.targetRef,
    });
    addDiscussionEvent(db, pullRequest.id, "commit", params.author.id, { subject: params.title, oid: commit.oid });
    setRef(db, params.repo.id, `refs/pr/${pullRequest.num}`, commit.oid);
    return { commitOid: commit.oid, pullRequestNum: pullRequest.num };
  })();
}

function findBase(db: Database, params: WriteCommitParams): { oid?: string; treeOid: string; depth: number } {
  const headOid = getRef(db, params.repo.id, params.targetRef);
  if (params.createPullRequest) {
    if (!params.targetRef.startsWith("refs/heads/") || !headOid) throw new RevisionNotFound(params.targetRef.replace(/^refs\/heads\//, ""));
    const baseOid = params.parentCommit ? resolveParent(db, params.repo.id, params.parentCommit) : headOid;
    const base = getCommit(db, params.repo.id, baseOid);
    if (!base) throw new RevisionNotFound(params.parentCommit ?? baseOid);
    return { oid: base.oid, treeOid: base.treeOid, depth: base.depth };
  }
  if (!headOid) throw new RevisionNotFound(params.targetRef.replace(/^refs\/heads\//, ""));
  if (params.parentCommit && !headOid.startsWith(params.parentCommit.toLowerCase())) {
    throw new StaleParent("A commit has happened since. Please refresh and try again.");
  }
  const head = getCommit(db, params.repo.id, headOid)!;
  return { oid: head.oid, treeOid: head.treeOid, depth: head.depth };
}

function resolveParent(db: Database, repoId: number, parent: string): string {
  const row = statement(db, "SELECT oid FROM commits WHERE repo_id = ? AND oid >= ? AND oid < ? LIMIT 2").all(
    repoId,
    parent.toLowerCase(),
    `${parent.toLowerCase()}g`,
  ) as Array<{ oid: string }>;
  if (row.length !== 1) throw new RevisionNotFound(parent);
  return row[0]!.oid;
}

function trackLfsPaths(db: Database, blobs: BlobStore, editor: TreeEditor, lfsPaths: string[]): void {
  if (lfsPaths.length === 0) return;
  const attributesOid = editor.fileOid(".gitattributes");
  const attributesBlob = attributesOid ? getBlob(db, attributesOid) : undefined;
  const current = attributesBlob && !attributesBlob.lfs ? blobs.readBytesSync(attributesBlob.sha256).toString("utf8") : "";
  const attributes = new GitAttributes(current);
  const missing = [...new Set(lfsPaths)].filter((path) => !attributes.isLfs(path));
  if (missing.length === 0) return;
  const separator = current === "" || current.endsWith("\n") ? "" : "\n";
  const added = missing.map((path) => `${escapeAttributesPath(path)} filter=lfs diff=lfs merge=lfs -text\n`).join("");
  const blob = storeRegularBlobSync(db, blobs, Buffer.from(current + separator + added));
  editor.setFile(".gitattributes", blob.oid);
}

function buildCommit(treeOid: string, parents: Array<{ oid?: string; depth: number }>, params: WriteCommitParams): CommitRecord {
  const timestamp = Math.floor(Date.now() / 1000);
  const message = params.description ? `${params.title}\n\n${params.description}\n` : `${params.title}\n`;
  const parentOids = parents.map((parent) => parent.oid!);
  const oid = gitCommitOid({
    treeOid,
    parentOids,
    authorName: params.author.name,
    authorEmail: `${params.author.name}@users.noreply.localhost`,
    timestamp,
    message,
  });
  return {
    oid,
    treeOid,
    parentOids,
    depth: (parents[0]?.depth ?? 0) + 1,
    author: params.author.name,
    title: params.title,
    message: params.description,
    createdAt: new Date(timestamp * 1000).toISOString(),
  };
}

/** Creates the repo's system "initial commit" with the default `.gitattributes` (plus any initial files). */
export function writeInitialCommit(
  db: Database,
  blobs: BlobStore,
  repo: Repo,
  files: Array<{ path: string; bytes: Uint8Array }> = [],
): string {
  const editor = new TreeEditor(db, EMPTY_TREE_OID);
  editor.setFile(".gitattributes", storeRegularBlobSync(db, blobs, Buffer.from(DEFAULT_GITATTRIBUTES)).oid);
  for (const file of files) editor.setFile(file.path, storeRegularBlobSync(db, blobs, file.bytes).oid);
  const commit = buildCommit(editor.write(), [], {
    repo,
    targetRef: "refs/heads/main",
    author: { id: null, name: "system" },
    title: "initial commit",
    description: "",
    operations: [],
  });
  insertCommit(db, repo.id, commit);
  setRef(db, repo.id, "refs/heads/main", commit.oid);
  return commit.oid;
}
