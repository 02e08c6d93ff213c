import { getAccountById } from "../storage/accounts.ts";
import type { Database } from "../storage/database.ts";
import type { DiscussionRecord, EventRecord } from "../storage/discussion-records.ts";
import type { Repo } from "../storage/repos.ts";
import { statement } from "../storage/statements.ts";

type Json = Record<string, unknown>;

/** The author object of discussions and events (`undefined` for deleted accounts). */
export function authorJson(db: Database, accountId: number | null): Json | undefined {
  const account = accountId === null ? undefined : getAccountById(db, accountId);
  if (!account) return undefined;
  return {
    _id: account.objectId,
    name: account.name,
    fullname: account.fullname,
    type: account.type,
    avatarUrl: `/avatars/${account.name}.svg`,
    isPro: false,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A minimal markdown rendering: escaped paragraphs (the Hub renders full markdown). */
export function renderMarkdown(markdown: string): string {
  return markdown
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "")
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, "<br>\n")}</p>`)
    .join("\n");
}

function versionJson(version: unknown, author: Json | undefined): Json {
  const stored = (typeof version === "object" && version !== null ? version : {}) as Json;
  const raw = typeof stored.raw === "string" ? stored.raw : "";
  return { raw, html: renderMarkdown(raw), updatedAt: stored.updatedAt, ...(author ? { author } : {}) };
}

/** An event as the Hub sends it; comments get their rendered HTML and edit counters. */
export function eventJson(db: Database, event: EventRecord): Json {
  const author = authorJson(db, event.authorId);
  let data: Json = event.data;
  if (event.type === "comment") {
    const history = Array.isArray(event.data.history) ? event.data.history : [];
    data = {
      edited: event.data.edited === true,
      hidden: event.data.hidden === true,
      latest: versionJson(event.data.latest, author),
      history: history.map((version) => versionJson(version, author)),
      numEdits: history.length,
      editors: author ? [author.name] : [],
      reactions: [],
    };
  }
  return { id: event.objectId, type: event.type, createdAt: event.createdAt, ...(author ? { author } : {}), data };
}

/** A discussion as listed. */
export function discussionJson(db: Database, repo: Repo, discussion: DiscussionRecord): Json {
  const author = authorJson(db, discussion.authorId);
  const { count } = statement(db, "SELECT COUNT(*) AS count FROM discussion_events WHERE discussion_id = ? AND type = 'comment'").get(
    discussion.id,
  ) as { count: number };
  return {
    num: discussion.num,
    title: discussion.title,
    status: discussion.status,
    isPullRequest: discussion.isPullRequest,
    createdAt: discussion.createdAt,
    ...(author ? { author } : {}),
    repo: { name: repo.fullName, type: repo.type },
    numComments: count,
    pinned: false,
    topReactions: [],
  };
}
