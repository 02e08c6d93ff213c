import type { Context, Hono } from "hono";
import type { ServerContext } from "../context.ts";
import { readableRepo } from "../http/access.ts";
import { authenticate } from "../http/auth.ts";
import { badRequest, revisionNotFound } from "../http/errors.ts";
import { splitRevisionAndPath } from "../http/paths.ts";
import type { RepoTarget } from "../http/repo-router.ts";
import { json } from "../http/respond.ts";
import { nextLink, requestUrlOnOrigin } from "../http/urls.ts";
import type { Database } from "../storage/database.ts";
import { getCommit, type CommitRecord } from "../storage/objects.ts";
import { resolveRevision } from "../storage/revisions.ts";

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;

/** Commit history: `GET /api/{type}s/{repo}/commits/{rev}`, newest first, `X-Total-Count`, Link pagination. */
export function register(_app: Hono, context: ServerContext): void {
  context.router.api("GET", "commits", (c, target) => listCommits(c, context, target));
}

function listCommits(c: Context, context: ServerContext, target: RepoTarget): Response {
  const repo = readableRepo(context.db, target.type, target.repoId, authenticate(c, context.db));
  const { revision = "main", path } = splitRevisionAndPath(target.tail);
  if (path) throw badRequest("Listing the commits of a path is not supported");
  const resolved = resolveRevision(context.db, repo.id, revision);
  if (!resolved) throw revisionNotFound(revision);
  const query = new URL(c.req.url).searchParams;
  const limit = Math.min(MAX_LIMIT, Math.max(1, Number(query.get("limit")) || DEFAULT_LIMIT));
  const cursor = query.get("cursor");
  const offset = cursor !== null ? Number(cursor) : Number(query.get("p") ?? 0) * limit;
  if (!Number.isInteger(offset) || offset < 0) throw badRequest("Invalid cursor or page");
  const formatted = [...query.getAll("expand"), ...query.getAll("expand[]")].includes("formatted");
  const page = firstParentChain(context.db, repo.id, resolved.commit, offset, limit);
  const total = resolved.commit.depth;
  const headers: Record<string, string> = { "X-Total-Count": String(total) };
  if (offset + page.length < total && page.length === limit) {
    const next = requestUrlOnOrigin(c, context);
    next.searchParams.delete("p");
    next.searchParams.set("cursor", String(offset + limit));
    headers.Link = nextLink(next);
  }
  return json(
    page.map((commit) => commitJson(commit, formatted)),
    200,
    headers,
  );
}

function firstParentChain(db: Database, repoId: number, head: CommitRecord, offset: number, limit: number): CommitRecord[] {
  const result: CommitRecord[] = [];
  let current: CommitRecord | undefined = head;
  for (let index = 0; current && result.length < limit; index++) {
    if (index >= offset) result.push(current);
    const parent: string | undefined = current.parentOids[0];
    current = parent ? getCommit(db, repoId, parent) : undefined;
  }
  return result;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function commitJson(commit: CommitRecord, formatted: boolean): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: commit.oid,
    title: commit.title,
    message: commit.message,
    authors: [{ user: commit.author, avatar: `/avatars/${commit.author}.svg` }],
    date: commit.createdAt,
  };
  if (formatted)
    json.formatted = { title: escapeHtml(commit.title), message: commit.message ? `<p>${escapeHtml(commit.message)}</p>` : "" };
  return json;
}
