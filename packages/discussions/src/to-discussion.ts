import { discussionUrl, type RepoType } from "@hub/core";
import type { Discussion, DiscussionStatus, DiscussionWithDetails } from "./discussion-types.ts";
import { asDate, asObject, asString, authorName, toDiscussionEvent } from "./to-discussion-event.ts";

/** Where a discussion was read from, to fill `repoId`, `repoType` and `url` when the server omits them. */
export interface DiscussionSource {
  repoId: string;
  repoType: RepoType;
  /** Hub origin without trailing slash. */
  hubUrl: string;
}

function toRepoType(value: unknown, fallback: RepoType): RepoType {
  return value === "model" || value === "dataset" || value === "space" ? value : fallback;
}

/** Converts one item of the Hub's discussion list (or a details object) into a `Discussion`. */
export function toDiscussion(value: unknown, source: DiscussionSource): Discussion {
  const raw = asObject(value);
  const repo = asObject(raw.repo);
  const repoId = asString(repo.name, source.repoId);
  const repoType = toRepoType(repo.type, source.repoType);
  const num = typeof raw.num === "number" ? raw.num : 0;
  const isPullRequest = raw.isPullRequest === true;
  return {
    num,
    title: asString(raw.title),
    status: asString(raw.status) as DiscussionStatus,
    repoId,
    repoType,
    author: authorName(raw.author),
    isPullRequest,
    createdAt: asDate(raw.createdAt) ?? new Date(0),
    gitReference: isPullRequest ? `refs/pr/${num}` : undefined,
    url: discussionUrl({ repoId, repoType, hubUrl: source.hubUrl, discussionNumber: num }),
    raw,
  };
}

/** Converts the Hub's details object into a `DiscussionWithDetails`. */
export function toDiscussionWithDetails(value: unknown, source: DiscussionSource): DiscussionWithDetails {
  const discussion = toDiscussion(value, source);
  const raw = discussion.raw;
  const changes = asObject(raw.changes);
  return {
    ...discussion,
    events: Array.isArray(raw.events) ? raw.events.map(toDiscussionEvent) : [],
    conflictingFiles: Array.isArray(raw.filesWithConflicts) ? raw.filesWithConflicts.filter((file) => typeof file === "string") : [],
    targetBranch: typeof changes.base === "string" ? changes.base : undefined,
    mergeCommitOid: typeof changes.mergeCommitId === "string" ? changes.mergeCommitId : undefined,
    diff: typeof raw.diff === "string" ? raw.diff : undefined,
  };
}
