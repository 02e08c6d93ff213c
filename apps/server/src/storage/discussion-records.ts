import { Conflict, RevisionNotFound } from "./errors.ts";
import type { Database } from "./database.ts";
import { addDiscussionEvent, nextDiscussionNumber } from "./discussions.ts";
import { newObjectId } from "./database.ts";
import { statement } from "./statements.ts";

/** A discussion or pull request row. */
export interface DiscussionRecord {
  id: number;
  objectId: string;
  repoId: number;
  num: number;
  isPullRequest: boolean;
  title: string;
  /** `open`, `closed`, and for pull requests `draft`, `merged`. */
  status: string;
  authorId: number | null;
  /** Target of a pull request: `refs/heads/main`. */
  baseRef: string | null;
  mergeCommitOid: string | null;
  createdAt: string;
}

/** One event row; `data` is the parsed JSON. */
export interface EventRecord {
  id: number;
  objectId: string;
  discussionId: number;
  type: string;
  authorId: number | null;
  data: Record<string, unknown>;
  createdAt: string;
}

/** Filters of a discussion listing. */
export interface DiscussionFilters {
  type?: "discussion" | "pull_request";
  status?: "open" | "closed";
  authorId?: number;
}

interface DiscussionRow {
  id: number;
  object_id: string;
  repo_id: number;
  num: number;
  is_pull_request: number;
  title: string;
  status: string;
  author_id: number | null;
  base_ref: string | null;
  merge_commit_oid: string | null;
  created_at: string;
}

function toDiscussion(row: DiscussionRow): DiscussionRecord {
  return {
    id: row.id,
    objectId: row.object_id,
    repoId: row.repo_id,
    num: row.num,
    isPullRequest: row.is_pull_request === 1,
    title: row.title,
    status: row.status,
    authorId: row.author_id,
    baseRef: row.base_ref,
    mergeCommitOid: row.merge_commit_oid,
    createdAt: row.created_at,
  };
}

/** A discussion of a repo by number. */
export function getDiscussion(db: Database, repoId: number, num: number): DiscussionRecord | undefined {
  const row = statement(db, "SELECT * FROM discussions WHERE repo_id = ? AND num = ?").get(repoId, num) as DiscussionRow | undefined;
  return row && toDiscussion(row);
}

function filterClause(filters: DiscussionFilters): { sql: string; values: unknown[] } {
  const conditions: string[] = [];
  const values: unknown[] = [];
  if (filters.type) conditions.push(`is_pull_request = ${filters.type === "pull_request" ? 1 : 0}`);
  // Drafts count as open, merged pull requests as closed.
  if (filters.status === "open") conditions.push("status IN ('open', 'draft')");
  if (filters.status === "closed") conditions.push("status IN ('closed', 'merged')");
  if (filters.authorId !== undefined) {
    conditions.push("author_id = ?");
    values.push(filters.authorId);
  }
  return { sql: conditions.map((condition) => ` AND ${condition}`).join(""), values };
}

/** One page of a repo's discussions, newest first, with the total count. */
export function listDiscussions(
  db: Database,
  repoId: number,
  filters: DiscussionFilters,
  offset: number,
  limit: number,
): { rows: DiscussionRecord[]; count: number } {
  const where = filterClause(filters);
  const { count } = statement(db, `SELECT COUNT(*) AS count FROM discussions WHERE repo_id = ?${where.sql}`).get(
    repoId,
    ...where.values,
  ) as { count: number };
  const rows = db
    .prepare(`SELECT * FROM discussions WHERE repo_id = ?${where.sql} ORDER BY num DESC LIMIT ? OFFSET ?`)
    .all(repoId, ...where.values, limit, offset) as DiscussionRow[];
  return { rows: rows.map(toDiscussion), count };
}

/** Inserts a discussion (not a pull request) with its opening comment; returns its row id and number. */
export function insertDiscussion(
  db: Database,
  fields: { repoId: number; title: string; description: string; authorId: number },
): { id: number; num: number } {
  const num = nextDiscussionNumber(db, fields.repoId);
  const now = new Date().toISOString();
  const id = Number(
    statement(
      db,
      "INSERT INTO discussions (object_id, repo_id, num, is_pull_request, title, status, author_id, created_at) VALUES (?, ?, ?, 0, ?, 'open', ?, ?)",
    ).run(newObjectId(), fields.repoId, num, fields.title, fields.authorId, now).lastInsertRowid,
  );
  addDiscussionEvent(
    db,
    id,
    "comment",
    fields.authorId,
    { edited: false, hidden: false, latest: { raw: fields.description, updatedAt: now }, history: [] },
    now,
  );
  return { id, num };
}

interface EventRow {
  id: number;
  object_id: string;
  discussion_id: number;
  type: string;
  author_id: number | null;
  data: string;
  created_at: string;
}

function toEvent(row: EventRow): EventRecord {
  return {
    id: row.id,
    objectId: row.object_id,
    discussionId: row.discussion_id,
    type: row.type,
    authorId: row.author_id,
    data: JSON.parse(row.data) as Record<string, unknown>,
    createdAt: row.created_at,
  };
}

/** The events of a discussion, oldest first. */
export function listEvents(db: Database, discussionId: number): EventRecord[] {
  return (statement(db, "SELECT * FROM discussion_events WHERE discussion_id = ? ORDER BY id").all(discussionId) as EventRow[]).map(
    toEvent,
  );
}

/** One event of a discussion by its 24-hex id. */
export function getEvent(db: Database, discussionId: number, objectId: string): EventRecord | undefined {
  const row = statement(db, "SELECT * FROM discussion_events WHERE discussion_id = ? AND object_id = ?").get(
    discussionId,
    objectId.toLowerCase(),
  ) as EventRow | undefined;
  return row && toEvent(row);
}

/** Replaces the data of an event. */
export function updateEventData(db: Database, eventId: number, data: Record<string, unknown>): void {
  statement(db, "UPDATE discussion_events SET data = ? WHERE id = ?").run(JSON.stringify(data), eventId);
}

/** Updates the title, status and/or merge commit of a discussion. */
export function updateDiscussion(db: Database, id: number, fields: { title?: string; status?: string; mergeCommitOid?: string }): void {
  if (fields.title !== undefined) statement(db, "UPDATE discussions SET title = ? WHERE id = ?").run(fields.title, id);
  if (fields.status !== undefined) statement(db, "UPDATE discussions SET status = ? WHERE id = ?").run(fields.status, id);
  if (fields.mergeCommitOid !== undefined)
    statement(db, "UPDATE discussions SET merge_commit_oid = ? WHERE id = ?").run(fields.mergeCommitOid, id);
}

/**
 * Records a commit pushed to `refs/pr/N` as a `commit` event of pull request N. Throws 409 when the
 * pull request is closed or merged (the commit's transaction then rolls back), 404 when there is none.
 */
export function recordPullRequestCommit(
  db: Database,
  repoId: number,
  refName: string,
  commit: { authorId: number | null; subject: string; oid: string },
): void {
  const match = /^refs\/pr\/(\d+)$/.exec(refName);
  if (!match) return;
  const pullRequest = getDiscussion(db, repoId, Number(match[1]));
  if (!pullRequest?.isPullRequest) throw new RevisionNotFound(refName, `Pull request not found: ${refName}`);
  if (pullRequest.status === "closed" || pullRequest.status === "merged") {
    throw new Conflict(`Pull request #${pullRequest.num} is ${pullRequest.status} and accepts no new commits`);
  }
  addDiscussionEvent(db, pullRequest.id, "commit", commit.authorId, { subject: commit.subject, oid: commit.oid });
}
