import type { Context } from "hono";
import type { ServerContext } from "../context.ts";
import type { TokenRecord } from "../storage/accounts.ts";
import { addDiscussionEvent } from "../storage/discussions.ts";
import {
  getDiscussion,
  getEvent,
  updateDiscussion,
  updateEventData,
  type DiscussionRecord,
  type EventRecord,
} from "../storage/discussion-records.ts";
import { writeMergeCommit } from "../storage/pull-request-merge.ts";
import type { Repo } from "../storage/repos.ts";
import { canWrite, readableRepo } from "./access.ts";
import { requireAuth } from "./auth.ts";
import { eventJson } from "./discussion-json.ts";
import { HttpError, badRequest, forbidden } from "./errors.ts";
import type { RepoTarget } from "./repo-router.ts";
import { json, readJsonObject } from "./respond.ts";

/** The caller (with a write token) and the repo (which they can see); 401 anonymous, RepoNotFound, 403 read-only token. */
export function writerOnVisibleRepo(c: Context, context: ServerContext, target: RepoTarget): { auth: TokenRecord; repo: Repo } {
  const auth = requireAuth(c, context.db);
  const repo = readableRepo(context.db, target.type, target.repoId, auth);
  if (auth.role !== "write") throw forbidden("This token has read-only access; a write token is required");
  return { auth, repo };
}

/** A title of 3 to 200 characters once trimmed; 400 otherwise. */
export function validTitle(value: unknown): string {
  if (typeof value !== "string") throw badRequest("title must be a string");
  const title = value.trim();
  if (title.length < 3 || title.length > 200) throw badRequest("title must be 3 to 200 characters long");
  return title;
}

function nonEmptyText(value: unknown, field: string): string {
  if (typeof value !== "string" || value.trim() === "") throw badRequest(`${field} must be a non-empty string`);
  return value;
}

interface ChangeScope {
  context: ServerContext;
  auth: TokenRecord;
  repo: Repo;
  discussion: DiscussionRecord;
  body: Record<string, unknown>;
}

function event(scope: ChangeScope, id: string): Record<string, unknown> {
  const stored = getEvent(scope.context.db, scope.discussion.id, id);
  if (!stored) throw new HttpError(500, "Event vanished");
  return eventJson(scope.context.db, stored);
}

function requireAuthorOrMember(scope: ChangeScope): void {
  if (scope.discussion.authorId !== scope.auth.user.id && !canWrite(scope.context.db, scope.repo, scope.auth)) {
    throw forbidden(`Only the author of #${scope.discussion.num} or a member of ${scope.repo.namespace} may do this`);
  }
}

function requireMember(scope: ChangeScope, action: string): void {
  if (!canWrite(scope.context.db, scope.repo, scope.auth)) throw forbidden(`Only members of ${scope.repo.namespace} may ${action}`);
}

function addComment(scope: ChangeScope, text: string): string {
  const now = new Date().toISOString();
  return addDiscussionEvent(
    scope.context.db,
    scope.discussion.id,
    "comment",
    scope.auth.user.id,
    { edited: false, hidden: false, latest: { raw: text, updatedAt: now }, history: [] },
    now,
  );
}

function commentEvent(scope: ChangeScope, id: string | undefined): EventRecord {
  const stored = id ? getEvent(scope.context.db, scope.discussion.id, id) : undefined;
  if (!stored || stored.type !== "comment") throw new HttpError(404, `Comment ${id} not found in #${scope.discussion.num}`);
  return stored;
}

function comment(scope: ChangeScope): Response {
  const id = addComment(scope, nonEmptyText(scope.body.comment, "comment"));
  return json({ newMessage: event(scope, id) });
}

function editComment(scope: ChangeScope, commentId: string | undefined): Response {
  const stored = commentEvent(scope, commentId);
  if (stored.authorId !== scope.auth.user.id) throw forbidden("Only the author of a comment may edit it");
  if (stored.data.hidden === true) throw forbidden("A hidden comment cannot be edited");
  const content = nonEmptyText(scope.body.content, "content");
  const history = Array.isArray(stored.data.history) ? stored.data.history : [];
  updateEventData(scope.context.db, stored.id, {
    ...stored.data,
    edited: true,
    latest: { raw: content, updatedAt: new Date().toISOString() },
    history: [...history, stored.data.latest],
  });
  return json({ updatedComment: event(scope, stored.objectId) });
}

function hideComment(scope: ChangeScope, commentId: string | undefined): Response {
  requireMember(scope, "hide comments");
  const stored = commentEvent(scope, commentId);
  // Irreversible: the content and its history are erased, only the event remains.
  updateEventData(scope.context.db, stored.id, {
    ...stored.data,
    hidden: true,
    latest: { raw: "", updatedAt: new Date().toISOString() },
    history: [],
  });
  return json({ updatedComment: event(scope, stored.objectId) });
}

function rename(scope: ChangeScope): Response {
  requireAuthorOrMember(scope);
  const title = validTitle(scope.body.title);
  const id = addDiscussionEvent(scope.context.db, scope.discussion.id, "title-change", scope.auth.user.id, {
    from: scope.discussion.title,
    to: title,
  });
  updateDiscussion(scope.context.db, scope.discussion.id, { title });
  return json({ newTitle: event(scope, id) });
}

function optionalComment(scope: ChangeScope): Record<string, unknown> {
  const text = scope.body.comment;
  if (text === undefined || text === null || (typeof text === "string" && text.trim() === "")) return {};
  return { newMessage: event(scope, addComment(scope, nonEmptyText(text, "comment"))) };
}

function changeStatus(scope: ChangeScope): Response {
  requireAuthorOrMember(scope);
  const status = scope.body.status;
  if (status !== "open" && status !== "closed") throw badRequest('status must be "open" or "closed"');
  if (scope.discussion.status === "merged") throw new HttpError(409, `#${scope.discussion.num} is merged; its status cannot change`);
  if (scope.discussion.status === status) throw badRequest(`#${scope.discussion.num} is already ${status}`);
  const extra = optionalComment(scope);
  const id = addDiscussionEvent(scope.context.db, scope.discussion.id, "status-change", scope.auth.user.id, { status });
  updateDiscussion(scope.context.db, scope.discussion.id, { status });
  return json({ ...extra, newStatus: event(scope, id) });
}

function merge(scope: ChangeScope): Response {
  requireMember(scope, "merge pull requests");
  if (!scope.discussion.isPullRequest) throw badRequest(`#${scope.discussion.num} is a discussion, not a pull request`);
  if (scope.discussion.status !== "open")
    throw new HttpError(409, `Pull request #${scope.discussion.num} is ${scope.discussion.status}; only open pull requests can be merged`);
  const mergeCommitId = writeMergeCommit(scope.context.db, scope.discussion, scope.auth.user.name);
  const extra = optionalComment(scope);
  const id = addDiscussionEvent(scope.context.db, scope.discussion.id, "status-change", scope.auth.user.id, { status: "merged" });
  updateDiscussion(scope.context.db, scope.discussion.id, { status: "merged", mergeCommitOid: mergeCommitId });
  return json({ ...extra, newStatus: event(scope, id), mergeCommitId });
}

function route(scope: ChangeScope, resource: string[]): Response {
  const [first, commentId, action, ...rest] = resource;
  if (rest.length === 0 && first === "comment" && commentId === undefined) return comment(scope);
  if (rest.length === 0 && first === "comment" && action === "edit") return editComment(scope, commentId);
  if (rest.length === 0 && first === "comment" && action === "hide") return hideComment(scope, commentId);
  if (resource.length === 1 && first === "title") return rename(scope);
  if (resource.length === 1 && first === "status") return changeStatus(scope);
  if (resource.length === 1 && first === "merge") return merge(scope);
  throw new HttpError(404, `Unknown discussion resource: ${resource.join("/")}`);
}

/**
 * Applies `POST .../discussions/{num}/{resource}` in one transaction: comment, comment/{id}/edit,
 * comment/{id}/hide, title, status, merge. A body is optional (hide and merge send none).
 */
export async function applyDiscussionChange(
  c: Context,
  context: ServerContext,
  target: RepoTarget,
  num: number,
  resource: string[],
): Promise<Response> {
  const { auth, repo } = writerOnVisibleRepo(c, context, target);
  const body = await readJsonObject(c);
  return context.db.transaction(() => {
    const discussion = getDiscussion(context.db, repo.id, num);
    if (!discussion) throw new HttpError(404, `Discussion #${num} not found in ${repo.fullName}`);
    return route(
      { context, auth, repo, discussion, body },
      resource.map((segment) => decodeURIComponent(segment)),
    );
  })();
}
