import type { Context, Hono } from "hono";
import type { ServerContext } from "../context.ts";
import { readableRepo, writableRepo } from "../http/access.ts";
import { authenticate, requireAuth } from "../http/auth.ts";
import { HttpError, badRequest, revisionNotFound } from "../http/errors.ts";
import { decodeSegment, isTrueFlag, splitRevisionAndPath } from "../http/paths.ts";
import type { RepoTarget } from "../http/repo-router.ts";
import { json, readJsonObject } from "../http/respond.ts";
import { gitCommitOid, EMPTY_TREE_OID } from "../git/hash.ts";
import { pullRequestTitles } from "../storage/discussions.ts";
import { insertCommit } from "../storage/objects.ts";
import { deleteRef, getRef, listRefs, setRef } from "../storage/refs.ts";
import { DEFAULT_BRANCH, resolveRevision } from "../storage/revisions.ts";

/** Refs: `GET .../refs`, `POST|DELETE .../branch/{name}`, `POST .../tag/{rev}`, `DELETE .../tag/{name}`. */
export function register(_app: Hono, context: ServerContext): void {
  context.router.api("GET", "refs", (c, target) => getRefs(c, context, target));
  context.router.api("POST", "branch", (c, target) => createBranch(c, context, target));
  context.router.api("DELETE", "branch", (c, target) => deleteBranch(c, context, target));
  context.router.api("POST", "tag", (c, target) => createTag(c, context, target));
  context.router.api("DELETE", "tag", (c, target) => deleteTag(c, context, target));
}

/** Whether a short ref name is acceptable to git (`git check-ref-format`, simplified). */
export function isValidRefName(name: string): boolean {
  if (!name || name.length > 255 || name.startsWith("/") || name.endsWith("/") || name.endsWith(".") || name.endsWith(".lock"))
    return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f~^:?*[\\]|\.\.|@\{|\/\/|\/\./.test(name) || name.startsWith(".") || name === "@") return false;
  return true;
}

function nameFromTail(target: RepoTarget): string {
  const name = target.tail.map(decodeSegment).join("/");
  if (!name) throw badRequest("A reference name is required");
  return name;
}

function getRefs(c: Context, context: ServerContext, target: RepoTarget): Response {
  const repo = readableRepo(context.db, target.type, target.repoId, authenticate(c, context.db));
  const includePullRequests = isTrueFlag(new URL(c.req.url).searchParams.get("include_prs"));
  const result: Record<string, Array<Record<string, unknown>>> = { branches: [], converts: [], tags: [] };
  if (includePullRequests) result.pullRequests = [];
  const titles = includePullRequests ? pullRequestTitles(context.db, repo.id) : new Map<number, string>();
  for (const ref of listRefs(context.db, repo.id)) {
    const entry = (name: string) => ({ name, ref: ref.name, targetCommit: ref.commitOid });
    if (ref.name.startsWith("refs/heads/")) result.branches!.push(entry(ref.name.slice(11)));
    else if (ref.name.startsWith("refs/tags/")) result.tags!.push(entry(ref.name.slice(10)));
    else if (ref.name.startsWith("refs/convert/")) result.converts!.push(entry(ref.name.slice(13)));
    else if (includePullRequests && ref.name.startsWith("refs/pr/")) {
      const num = Number(ref.name.slice(8));
      result.pullRequests!.push(entry(titles.get(num) ?? ref.name));
    }
  }
  return json(result);
}

async function createBranch(c: Context, context: ServerContext, target: RepoTarget): Promise<Response> {
  const auth = requireAuth(c, context.db);
  const repo = writableRepo(context.db, target.type, target.repoId, auth);
  const name = nameFromTail(target);
  if (name.startsWith("refs/") || !isValidRefName(name)) throw badRequest(`Invalid reference for a branch: ${name}`);
  const body = await readJsonObject(c);
  const refName = `refs/heads/${name}`;
  const exists = getRef(context.db, repo.id, refName) !== undefined;
  if (exists && body.overwrite !== true) throw new HttpError(409, "Reference already exists");
  let commitOid: string;
  if (body.emptyBranch === true) {
    const timestamp = Math.floor(Date.now() / 1000);
    commitOid = gitCommitOid({
      treeOid: EMPTY_TREE_OID,
      parentOids: [],
      authorName: auth.user.name,
      authorEmail: `${auth.user.name}@users.noreply.localhost`,
      timestamp,
      message: "Empty branch\n",
    });
    insertCommit(context.db, repo.id, {
      oid: commitOid,
      treeOid: EMPTY_TREE_OID,
      parentOids: [],
      depth: 1,
      author: auth.user.name,
      title: "Empty branch",
      message: "",
      createdAt: new Date(timestamp * 1000).toISOString(),
    });
  } else {
    const startingPoint = typeof body.startingPoint === "string" && body.startingPoint ? body.startingPoint : DEFAULT_BRANCH;
    if (exists && body.startingPoint === undefined) return json({});
    const resolved = resolveRevision(context.db, repo.id, startingPoint);
    if (!resolved) throw revisionNotFound(startingPoint);
    commitOid = resolved.commit.oid;
  }
  setRef(context.db, repo.id, refName, commitOid);
  return json({});
}

function deleteBranch(c: Context, context: ServerContext, target: RepoTarget): Response {
  const repo = writableRepo(context.db, target.type, target.repoId, requireAuth(c, context.db));
  const name = nameFromTail(target);
  if (name === DEFAULT_BRANCH) throw new HttpError(403, `Cannot delete refs/heads/${DEFAULT_BRANCH}`);
  if (!deleteRef(context.db, repo.id, `refs/heads/${name}`)) throw new HttpError(404, "Reference does not exist");
  return json({});
}

async function createTag(c: Context, context: ServerContext, target: RepoTarget): Promise<Response> {
  const repo = writableRepo(context.db, target.type, target.repoId, requireAuth(c, context.db));
  const { revision = DEFAULT_BRANCH, path } = splitRevisionAndPath(target.tail);
  const body = await readJsonObject(c);
  if (typeof body.tag !== "string" || body.tag.startsWith("refs/") || !isValidRefName(body.tag))
    throw badRequest(`Invalid tag name: ${String(body.tag)}`);
  const resolved = resolveRevision(context.db, repo.id, path ? `${revision}/${path}` : revision);
  if (!resolved) throw revisionNotFound(revision);
  const refName = `refs/tags/${body.tag}`;
  if (getRef(context.db, repo.id, refName) !== undefined) throw new HttpError(409, `Tag ${body.tag} already exists`);
  setRef(context.db, repo.id, refName, resolved.commit.oid);
  return json({});
}

function deleteTag(c: Context, context: ServerContext, target: RepoTarget): Response {
  const repo = writableRepo(context.db, target.type, target.repoId, requireAuth(c, context.db));
  const name = nameFromTail(target);
  if (!deleteRef(context.db, repo.id, `refs/tags/${name}`)) throw revisionNotFound(name);
  return json({});
}
