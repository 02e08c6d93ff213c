import { newObjectId, type Database } from "./database.ts";
import { statement } from "./statements.ts";

/** What a new pull request starts with. */
export interface NewPullRequest {
  repoId: number;
  title: string;
  description: string;
  authorId: number;
  /** `open` for PRs created by a commit, `draft` for PRs created empty. */
  status: "open" | "draft";
  baseRef: string;
}

/** The next discussion / pull-request number of a repo (they share one sequence). */
export function nextDiscussionNumber(db: Database, repoId: number): number {
  const row = statement(db, "SELECT COALESCE(MAX(num), 0) + 1 AS next FROM discussions WHERE repo_id = ?").get(repoId) as { next: number };
  return row.next;
}

/** Appends an event (comment, commit, status-change...) to a discussion. */
export function addDiscussionEvent(
  db: Database,
  discussionId: number,
  type: string,
  authorId: number | null,
  data: unknown,
  createdAt = new Date().toISOString(),
): string {
  const objectId = newObjectId();
  statement(
    db,
    "INSERT INTO discussion_events (object_id, discussion_id, type, author_id, data, created_at) VALUES (?, ?, ?, ?, ?, ?)",
  ).run(objectId, discussionId, type, authorId, JSON.stringify(data), createdAt);
  return objectId;
}

/** Inserts a pull request with its opening comment; returns its row id and number. */
export function insertPullRequest(db: Database, pullRequest: NewPullRequest): { id: number; num: number } {
  const num = nextDiscussionNumber(db, pullRequest.repoId);
  const now = new Date().toISOString();
  const id = Number(
    statement(
      db,
      `INSERT INTO discussions (object_id, repo_id, num, is_pull_request, title, status, author_id, base_ref, created_at)
         VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)`,
    ).run(newObjectId(), pullRequest.repoId, num, pullRequest.title, pullRequest.status, pullRequest.authorId, pullRequest.baseRef, now)
      .lastInsertRowid,
  );
  addDiscussionEvent(
    db,
    id,
    "comment",
    pullRequest.authorId,
    { edited: false, hidden: false, latest: { raw: pullRequest.description, updatedAt: now } },
    now,
  );
  return { id, num };
}

/** Numbers of a repo's pull requests keyed by their `refs/pr/N` ref, with titles. */
export function pullRequestTitles(db: Database, repoId: number): Map<number, string> {
  const rows = statement(db, "SELECT num, title FROM discussions WHERE repo_id = ? AND is_pull_request = 1").all(repoId) as Array<{
    num: number;
    title: string;
  }>;
  return new Map(rows.map((row) => [row.num, row.title]));
}
