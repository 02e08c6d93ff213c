import type { Context, Hono } from "hono";
import type { ServerContext } from "../context.ts";
import { readableRepo } from "../http/access.ts";
import { authenticate } from "../http/auth.ts";
import { applyDiscussionChange, validTitle, writerOnVisibleRepo } from "../http/discussion-changes.ts";
import { discussionJson, eventJson } from "../http/discussion-json.ts";
import { HttpError, badRequest } from "../http/errors.ts";
import { isTrueFlag } from "../http/paths.ts";
import type { RepoTarget } from "../http/repo-router.ts";
import { json, readJsonObject } from "../http/respond.ts";
import { findAccount } from "../storage/accounts.ts";
import { getDiscussion, insertDiscussion, listDiscussions, listEvents, type DiscussionFilters } from "../storage/discussion-records.ts";
import { insertPullRequest } from "../storage/discussions.ts";
import { pullRequestDiff, pullRequestState } from "../storage/pull-request-merge.ts";
import { getRef, setRef } from "../storage/refs.ts";
import type { Repo } from "../storage/repos.ts";
import { DEFAULT_BRANCH } from "../storage/revisions.ts";

/** Page size of `GET .../discussions?p=N`. */
export const DISCUSSIONS_PAGE_SIZE = 50;

/**
 * Discussions and pull requests: `GET|POST /api/{type}s/{repo}/discussions`,
 * `GET .../discussions/{num}[?diff=1]` and `POST .../discussions/{num}/{comment|title|status|merge|comment/{id}/edit|comment/{id}/hide}`.
 */
export function register(_app: Hono, context: ServerContext): void {
  context.router.api("GET", "discussions", (c, target) => {
    if (target.tail.length === 0) return list(c, context, target);
    if (target.tail.length === 1) return details(c, context, target, parseNum(target.tail[0]));
    throw new HttpError(404, "Not found");
  });
  context.router.api("POST", "discussions", async (c, target) => {
    if (target.tail.length === 0) return create(c, context, target);
    return applyDiscussionChange(c, context, target, parseNum(target.tail[0]), target.tail.slice(1));
  });
}

function parseNum(segment: string | undefined): number {
  if (!segment || !/^[1-9]\d{0,8}$/.test(segment)) throw badRequest(`Invalid discussion number: ${segment}`);
  return Number(segment);
}

function pick<Value extends string>(query: URLSearchParams, key: string, allowed: readonly Value[]): Value | undefined {
  const value = query.get(key);
  if (value === null || value === "" || value === "all") return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw badRequest(`Invalid ${key}: ${value} (expected all, ${allowed.join(", ")})`);
  return value as Value;
}

function list(c: Context, context: ServerContext, target: RepoTarget): Response {
  const repo = readableRepo(context.db, target.type, target.repoId, authenticate(c, context.db));
  const query = new URL(c.req.url).searchParams;
  const page = Number(query.get("p") ?? "0");
  if (!Number.isInteger(page) || page < 0) throw badRequest(`Invalid page: ${query.get("p")}`);
  const filters: DiscussionFilters = {};
  const type = pick(query, "type", ["discussion", "pull_request"] as const);
  const status = pick(query, "status", ["open", "closed"] as const);
  if (type) filters.type = type;
  if (status) filters.status = status;
  const authorName = query.get("author");
  // An unknown author simply has no discussions.
  if (authorName) filters.authorId = findAccount(context.db, authorName)?.id ?? -1;
  const start = page * DISCUSSIONS_PAGE_SIZE;
  const { rows, count } = listDiscussions(context.db, repo.id, filters, start, DISCUSSIONS_PAGE_SIZE);
  return json({ discussions: rows.map((row) => discussionJson(context.db, repo, row)), count, start });
}

/** The details object of a discussion (events, and for pull requests changes, conflicts and optionally the diff). */
export function detailsJson(context: ServerContext, repo: Repo, num: number, withDiff: boolean): Record<string, unknown> {
  const discussion = getDiscussion(context.db, repo.id, num);
  if (!discussion) throw new HttpError(404, `Discussion #${num} not found in ${repo.fullName}`);
  const body: Record<string, unknown> = {
    ...discussionJson(context.db, repo, discussion),
    events: listEvents(context.db, discussion.id).map((event) => eventJson(context.db, event)),
  };
  if (discussion.isPullRequest) {
    const state = pullRequestState(context.db, discussion);
    body.changes = { base: discussion.baseRef, ...(discussion.mergeCommitOid ? { mergeCommitId: discussion.mergeCommitOid } : {}) };
    body.filesWithConflicts = state.conflicts;
    if (withDiff) body.diff = pullRequestDiff(context.db, context.blobs, discussion, state);
  }
  return body;
}

function details(c: Context, context: ServerContext, target: RepoTarget, num: number): Response {
  const repo = readableRepo(context.db, target.type, target.repoId, authenticate(c, context.db));
  return json(detailsJson(context, repo, num, isTrueFlag(new URL(c.req.url).searchParams.get("diff"))));
}

async function create(c: Context, context: ServerContext, target: RepoTarget): Promise<Response> {
  const { auth, repo } = writerOnVisibleRepo(c, context, target);
  const body = await readJsonObject(c);
  const title = validTitle(body.title);
  if (body.description !== undefined && typeof body.description !== "string") throw badRequest("description must be a string");
  const description = typeof body.description === "string" ? body.description.trim() : "";
  const pullRequest = body.pullRequest === true;
  const num = context.db.transaction(() => {
    if (!pullRequest) return insertDiscussion(context.db, { repoId: repo.id, title, description, authorId: auth.user.id }).num;
    const baseRef = `refs/heads/${DEFAULT_BRANCH}`;
    const head = getRef(context.db, repo.id, baseRef);
    if (!head) throw new HttpError(409, `${repo.fullName} has no ${DEFAULT_BRANCH} branch to open a pull request against`);
    const created = insertPullRequest(context.db, {
      repoId: repo.id,
      title,
      description,
      authorId: auth.user.id,
      status: "draft",
      baseRef,
    });
    setRef(context.db, repo.id, `refs/pr/${created.num}`, head);
    return created.num;
  })();
  return json(detailsJson(context, repo, num, false));
}
