import type { RepoType } from "@hub/core";

/** Status of a discussion (`open`, `closed`) or pull request (also `draft`, `merged`). */
export type DiscussionStatus = "open" | "closed" | "merged" | "draft";

/** A discussion or pull request as listed by `getRepoDiscussions`. */
export interface Discussion {
  /** Number in the repo, shared by discussions and pull requests (starts at 1). */
  num: number;
  title: string;
  status: DiscussionStatus;
  /** `"namespace/name"` of the repository. */
  repoId: string;
  repoType: RepoType;
  /** User name of the author, `"deleted"` when the account is gone. */
  author: string;
  isPullRequest: boolean;
  createdAt: Date;
  /** `refs/pr/{num}` for pull requests, `undefined` for discussions. */
  gitReference: string | undefined;
  /** Web page of the discussion: `{hubUrl}/{prefix}{repoId}/discussions/{num}`. */
  url: string;
  /** The server's object, for fields this type does not model. */
  raw: Record<string, unknown>;
}

/** A discussion or pull request with its events and, for pull requests, its changes. */
export interface DiscussionWithDetails extends Discussion {
  /** Every event, oldest first; the first comment holds the description. */
  events: DiscussionEvent[];
  /** Files changed on both sides since the base (pull requests only, else empty). */
  conflictingFiles: string[];
  /** The full ref the pull request targets, e.g. `refs/heads/main` (pull requests only). */
  targetBranch: string | undefined;
  /** The commit that merged the pull request, once merged. */
  mergeCommitOid: string | undefined;
  /** Unified git diff of the pull request against its target (pull requests only). */
  diff: string | undefined;
}

/** Fields every discussion event has. */
export interface DiscussionEventBase {
  /** 24-hex id of the event (for comments: the comment id). */
  id: string;
  createdAt: Date;
  /** User name of the author, `"deleted"` when the account is gone. */
  author: string;
  /** The server's event object. */
  raw: Record<string, unknown>;
}

/** One earlier version of a comment. */
export interface DiscussionCommentVersion {
  /** Markdown of that version. */
  content: string;
  /** HTML of that version, when the server renders it. */
  rendered: string | undefined;
  updatedAt: Date | undefined;
  /** Who wrote that version. */
  author: string | undefined;
}

/** A comment; the first one of a discussion is its description. */
export interface DiscussionComment extends DiscussionEventBase {
  type: "comment";
  /** Markdown of the latest version; empty once hidden. */
  content: string;
  edited: boolean;
  /** Hidden comments keep their event but lose their content, irreversibly. */
  hidden: boolean;
  /** HTML of the latest version. */
  rendered: string;
  lastEditedAt: Date | undefined;
  lastEditedBy: string | undefined;
  /** Earlier versions, oldest first. */
  editHistory: DiscussionCommentVersion[];
  numberOfEdits: number;
}

/** A status change (closing, reopening, publishing a draft, merging). */
export interface DiscussionStatusChange extends DiscussionEventBase {
  type: "status-change";
  newStatus: DiscussionStatus;
}

/** A rename. */
export interface DiscussionTitleChange extends DiscussionEventBase {
  type: "title-change";
  oldTitle: string;
  newTitle: string;
}

/** A commit pushed to a pull request's `refs/pr/N`. */
export interface DiscussionCommit extends DiscussionEventBase {
  type: "commit";
  /** First line of the commit message. */
  summary: string;
  oid: string;
}

/**
 * An event of a type this SDK does not model (pinning, locking...). Its `type` is `"other"` so that
 * switching on `type` narrows the known events; the server's type is in `eventType`.
 */
export interface GenericDiscussionEvent extends DiscussionEventBase {
  type: "other";
  /** The type the server sent, e.g. `"pinning-change"`. */
  eventType: string;
}

/** Any event of a discussion; switch on `type` to narrow it. */
export type DiscussionEvent =
  DiscussionComment | DiscussionStatusChange | DiscussionTitleChange | DiscussionCommit | GenericDiscussionEvent;
