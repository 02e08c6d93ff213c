import type { Context, Hono } from "hono";
import type { ServerContext } from "../context.ts";
import { readableRepo } from "../http/access.ts";
import { authenticate } from "../http/auth.ts";
import { HttpError, badRequest, entryNotFound, revisionNotFound } from "../http/errors.ts";
import { isTrueFlag, splitRevisionAndPath, validateRepoPath } from "../http/paths.ts";
import type { RepoTarget } from "../http/repo-router.ts";
import { json, readJsonObject } from "../http/respond.ts";
import { nextLink, requestUrlOnOrigin } from "../http/urls.ts";
import { lookupPath, walkTree, type WalkedEntry } from "../storage/objects.ts";
import { resolveRevision } from "../storage/revisions.ts";
import { compareEntries, treeEntryJson } from "./tree-entry-json.ts";

const PAGE_SIZE = 1000;
const EXPANDED_PAGE_SIZE = 50;
const MAX_PATHS = 1000;

/** Tree listing (`GET .../tree/{rev}[/{path}]`, Link-paginated) and `POST .../paths-info/{rev}`. */
export function register(_app: Hono, context: ServerContext): void {
  context.router.api("GET", "tree", (c, target) => listTree(c, context, target));
  context.router.api("POST", "paths-info", (c, target) => pathsInfo(c, context, target));
}

function listTree(c: Context, context: ServerContext, target: RepoTarget): Response {
  const repo = readableRepo(context.db, target.type, target.repoId, authenticate(c, context.db));
  const { revision = "main", path } = splitRevisionAndPath(target.tail);
  if (path) validateRepoPath(path);
  const resolved = resolveRevision(context.db, repo.id, revision);
  if (!resolved) throw revisionNotFound(revision);
  const query = new URL(c.req.url).searchParams;
  const expand = isTrueFlag(query.get("expand"));
  const recursive = isTrueFlag(query.get("recursive"));
  const folder = lookupPath(context.db, resolved.commit.treeOid, path);
  if (!folder || folder.kind !== "tree") throw entryNotFound(path || "/", { "X-Repo-Commit": resolved.commit.oid });
  const entries = walkTree(context.db, folder.oid, path, recursive).sort(compareEntries);
  const maxPage = expand ? EXPANDED_PAGE_SIZE : PAGE_SIZE;
  const limit = Math.min(maxPage, Math.max(1, Number(query.get("limit")) || maxPage));
  const offset = decodeCursor(query.get("cursor"));
  const page = entries.slice(offset, offset + limit);
  const headers: Record<string, string> = { "X-Repo-Commit": resolved.commit.oid };
  if (offset + limit < entries.length) {
    const next = requestUrlOnOrigin(c, context);
    next.searchParams.set("cursor", encodeCursor(offset + limit));
    headers.Link = nextLink(next);
  }
  return json(
    page.map((entry) => treeEntryJson(context.db, repo.id, resolved.commit, entry, expand, context.config.xet)),
    200,
    headers,
  );
}

async function pathsInfo(c: Context, context: ServerContext, target: RepoTarget): Promise<Response> {
  const repo = readableRepo(context.db, target.type, target.repoId, authenticate(c, context.db));
  const { revision = "main" } = splitRevisionAndPath(target.tail);
  const { paths, expand } = await readPathsBody(c);
  if (paths.length > MAX_PATHS) throw new HttpError(413, `Too many paths: at most ${MAX_PATHS} per request`);
  for (const path of paths) validateRepoPath(path, { allowTrailingSlash: true });
  const resolved = resolveRevision(context.db, repo.id, revision);
  if (!resolved) throw revisionNotFound(revision);
  const result: Record<string, unknown>[] = [];
  for (const rawPath of new Set(paths)) {
    const path = rawPath.replace(/\/$/, "");
    const entry = lookupPath(context.db, resolved.commit.treeOid, path);
    if (!entry) continue;
    const walked: WalkedEntry = { ...entry, path };
    result.push(treeEntryJson(context.db, repo.id, resolved.commit, walked, expand, context.config.xet));
  }
  return json(result, 200, { "X-Repo-Commit": resolved.commit.oid });
}

async function readPathsBody(c: Context): Promise<{ paths: string[]; expand: boolean }> {
  const contentType = c.req.header("content-type") ?? "";
  if (contentType.includes("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(await c.req.text());
    return { paths: form.getAll("paths"), expand: isTrueFlag(form.get("expand")) };
  }
  const body = await readJsonObject(c);
  const paths = typeof body.paths === "string" ? [body.paths] : body.paths;
  if (!Array.isArray(paths) || paths.some((path) => typeof path !== "string")) throw badRequest("paths must be an array of strings");
  return { paths: paths as string[], expand: body.expand === true || isTrueFlag(String(body.expand)) };
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64url");
}

function decodeCursor(cursor: string | null): number {
  if (!cursor) return 0;
  try {
    const offset = (JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { offset?: unknown }).offset;
    if (typeof offset === "number" && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to the 400 below
  }
  throw badRequest("Invalid cursor");
}
