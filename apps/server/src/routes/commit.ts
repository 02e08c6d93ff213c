import type { Context, Hono } from "hono";
import type { ServerContext } from "../context.ts";
import { canWrite, readableRepo, writableRepo } from "../http/access.ts";
import { requireAuth } from "../http/auth.ts";
import { HttpError, badRequest, forbidden, revisionNotFound } from "../http/errors.ts";
import { readNdjson } from "../http/ndjson.ts";
import { isTrueFlag, splitRevisionAndPath, validateRepoPath } from "../http/paths.ts";
import type { RepoTarget } from "../http/repo-router.ts";
import { json, readJsonObject } from "../http/respond.ts";
import { publicOrigin, repoWebUrl } from "../http/urls.ts";
import { gitBlobOid, lfsPointerInfo } from "../git/hash.ts";
import { GitAttributes, GitIgnore } from "../git/patterns.ts";
import type { TokenRecord } from "../storage/accounts.ts";
import type { BlobBatch } from "../storage/blobs.ts";
import { missingLfsObject, writeCommit, type StagedOperation } from "../storage/commit-writer.ts";
import { repoLfsObjectSize } from "../storage/lfs-objects.ts";
import { lookupPath, type CommitRecord } from "../storage/objects.ts";
import type { Repo } from "../storage/repos.ts";
import { resolveRevision, writableRefName } from "../storage/revisions.ts";
import { statement } from "../storage/statements.ts";

const LFS_SIZE_THRESHOLD = 10 * 1024 * 1024;
const MAX_PREUPLOAD_FILES = 1000;

/** The commit pipeline: `POST .../preupload/{rev}` and the NDJSON `POST .../commit/{rev}[?create_pr=1]`. */
export function register(_app: Hono, context: ServerContext): void {
  context.router.api("POST", "preupload", (c, target) => preupload(c, context, target));
  context.router.api("POST", "commit", (c, target) => commit(c, context, target));
}

/** Who may commit: writers; with create_pr any reader; on `refs/pr/N` also the PR's author. */
function committableRepo(context: ServerContext, target: RepoTarget, auth: TokenRecord, revision: string, createPr: boolean): Repo {
  if (createPr) return readableRepo(context.db, target.type, target.repoId, auth);
  const repo = readableRepo(context.db, target.type, target.repoId, auth);
  if (canWrite(context.db, repo, auth)) return repo;
  const pr = /^refs\/pr\/(\d+)$/.exec(revision);
  if (pr && auth.role === "write") {
    const row = statement(context.db, "SELECT author_id FROM discussions WHERE repo_id = ? AND num = ?").get(repo.id, Number(pr[1])) as
      { author_id: number } | undefined;
    if (row?.author_id === auth.user.id) return repo;
  }
  writableRepo(context.db, target.type, target.repoId, auth);
  throw forbidden();
}

function revisionOf(target: RepoTarget): string {
  const { revision, path } = splitRevisionAndPath(target.tail);
  if (!revision) throw badRequest("A revision is required");
  return path ? `${revision}/${path}` : revision;
}

function readText(context: ServerContext, head: CommitRecord, path: string): string | undefined {
  const entry = lookupPath(context.db, head.treeOid, path);
  if (!entry?.blob || entry.blob.lfs) return undefined;
  return context.blobs.readBytesSync(entry.blob.sha256).toString("utf8");
}

async function preupload(c: Context, context: ServerContext, target: RepoTarget): Promise<Response> {
  const auth = requireAuth(c, context.db);
  const revision = revisionOf(target);
  const repo = committableRepo(context, target, auth, revision, isTrueFlag(new URL(c.req.url).searchParams.get("create_pr")));
  const body = await readJsonObject(c);
  if (!Array.isArray(body.files)) throw badRequest("files must be an array");
  if (body.files.length > MAX_PREUPLOAD_FILES) throw new HttpError(413, `Too many files: at most ${MAX_PREUPLOAD_FILES} per request`);
  const resolved = resolveRevision(context.db, repo.id, revision);
  if (!resolved) throw revisionNotFound(revision);
  const head = resolved.commit;
  const attributes = new GitAttributes(
    typeof body.gitAttributes === "string" ? body.gitAttributes : (readText(context, head, ".gitattributes") ?? ""),
  );
  const ignore = new GitIgnore(typeof body.gitIgnore === "string" ? body.gitIgnore : (readText(context, head, ".gitignore") ?? ""));
  const files = (body.files as Array<Record<string, unknown>>).map((file) => {
    const path = validateRepoPath(file?.path);
    const size = typeof file.size === "number" ? file.size : 0;
    const sample = typeof file.sample === "string" ? Buffer.from(file.sample, "base64") : Buffer.alloc(0);
    const lfs = size > 0 && (attributes.isLfs(path) || size > LFS_SIZE_THRESHOLD || sample.includes(0));
    const result: Record<string, unknown> = { path, uploadMode: lfs ? "lfs" : "regular", shouldIgnore: ignore.ignores(path) };
    const existing = lookupPath(context.db, head.treeOid, path);
    if (existing?.blob) result.oid = existing.blob.lfs ? existing.blob.sha256 : existing.blob.oid;
    return result;
  });
  return json({ files, commitOid: head.oid });
}

async function commit(c: Context, context: ServerContext, target: RepoTarget): Promise<Response> {
  const auth = requireAuth(c, context.db);
  const revision = revisionOf(target);
  const createPr = isTrueFlag(new URL(c.req.url).searchParams.get("create_pr"));
  const repo = committableRepo(context, target, auth, revision, createPr);
  const targetRef = writableRefName(revision);
  if (!targetRef || (createPr && !targetRef.startsWith("refs/heads/"))) throw revisionNotFound(revision);
  let header: { summary: string; description: string; parentCommit?: string } | undefined;
  const operations: StagedOperation[] = [];
  // The commit's inline files are made durable together, once, before the commit refers to them.
  const batch = context.blobs.batch();
  try {
    for await (const line of readNdjson(c.req.raw.body, context.config.maxCommitLineBytes)) {
      const { key, value } = (line ?? {}) as { key?: unknown; value?: Record<string, unknown> };
      if (typeof value !== "object" || value === null) throw badRequest("Bad request for commit endpoint: each line needs a value object");
      if (key === "header") header = parseHeader(value);
      else if (!header) throw badRequest("Bad request for commit endpoint: the first line must be the header");
      else operations.push(await stageOperation(context, repo, batch, key, value));
    }
    if (!header) throw badRequest("Bad request for commit endpoint: missing header");
    await batch.commit();
  } catch (error) {
    await batch.abort();
    throw error;
  }
  const result = writeCommit(context.db, context.blobs, {
    repo,
    targetRef,
    parentCommit: header.parentCommit,
    createPullRequest: createPr,
    author: { id: auth.user.id, name: auth.user.name },
    title: header.summary,
    description: header.description,
    operations,
  });
  const web = repoWebUrl(publicOrigin(c, context), repo.type, repo.fullName);
  return json({
    success: true,
    commitOid: result.commitOid,
    commitUrl: `${web}/commit/${result.commitOid}`,
    hookOutput: "",
    ...(result.pullRequestNum !== undefined ? { pullRequestUrl: `${web}/discussions/${result.pullRequestNum}` } : {}),
  });
}

function parseHeader(value: Record<string, unknown>): { summary: string; description: string; parentCommit?: string } {
  const summary = typeof value.summary === "string" ? value.summary.trim() : "";
  if (!summary) throw badRequest("Bad request for commit endpoint: summary is required");
  const parentCommit = value.parentCommit;
  if (
    parentCommit !== undefined &&
    parentCommit !== null &&
    (typeof parentCommit !== "string" || !/^[0-9a-fA-F]{5,40}$/.test(parentCommit))
  ) {
    throw badRequest("Bad request for commit endpoint: parentCommit must be a commit oid");
  }
  return {
    summary,
    description: typeof value.description === "string" ? value.description : "",
    ...(typeof parentCommit === "string" ? { parentCommit } : {}),
  };
}

async function stageOperation(
  context: ServerContext,
  repo: Repo,
  batch: BlobBatch,
  key: unknown,
  value: Record<string, unknown>,
): Promise<StagedOperation> {
  switch (key) {
    case "file": {
      const path = validateRepoPath(value.path);
      if (typeof value.content !== "string") throw badRequest(`Bad request for commit endpoint: content of ${path} must be a string`);
      const encoding = value.encoding ?? "base64";
      if (encoding !== "base64" && encoding !== "utf-8" && encoding !== "utf8")
        throw badRequest(`Unsupported encoding ${String(encoding)}`);
      const bytes = Buffer.from(value.content, encoding === "base64" ? "base64" : "utf8");
      const stored = await batch.add(bytes);
      return { kind: "file", path, blob: { oid: gitBlobOid(bytes), size: stored.size, sha256: stored.sha256, lfs: false } };
    }
    case "lfsFile": {
      const path = validateRepoPath(value.path);
      const oid = typeof value.oid === "string" ? value.oid.toLowerCase() : "";
      if (!/^[0-9a-f]{64}$/.test(oid) || (value.algo !== undefined && value.algo !== "sha256"))
        throw badRequest(`Bad request for commit endpoint: invalid LFS oid for ${path}`);
      // Only an object of this repo: one stored for another repo is refused the same way as a missing one.
      const size = repoLfsObjectSize(context.db, repo.id, oid);
      if (size === undefined) throw missingLfsObject(path);
      if (value.size !== undefined && value.size !== size)
        throw badRequest(`LFS object ${oid} has size ${size}, not ${String(value.size)}`);
      return { kind: "file", path, blob: { oid: lfsPointerInfo(oid, size).oid, size, sha256: oid, lfs: true } };
    }
    case "deletedFile":
      return { kind: "deleteFile", path: validateRepoPath(value.path) };
    case "deletedFolder":
      return { kind: "deleteFolder", path: validateRepoPath(value.path, { allowTrailingSlash: true }) };
    default:
      throw badRequest(`Bad request for commit endpoint: unknown key ${JSON.stringify(key)}`);
  }
}
