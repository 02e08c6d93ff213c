import { type HubOptions, type RepoParams, paginate } from "@hub/core";
import { encodeRevision, isRecord, optionalDate, optionalString, parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { LimitSchema, OptionalBoolean, OptionalRevision, RepoEntries } from "./schemas.ts";

/** An author of a commit. */
export interface CommitAuthor {
  /** User name on the Hub (`system` for the initial commit). */
  user: string;
  /** Avatar URL, when known. */
  avatar: string | undefined;
}

/** A commit of a repository's history. */
export interface GitCommitInfo {
  /** Commit id (40 hex). */
  id: string;
  /** First line of the message. */
  title: string;
  /** Rest of the message. */
  message: string;
  /** Authors (co-authors included). */
  authors: CommitAuthor[];
  /** Commit date. */
  date: Date;
  /** HTML title, with `formatted` only. */
  formattedTitle: string | undefined;
  /** HTML message, with `formatted` only. */
  formattedMessage: string | undefined;
  /** The server's object as received. */
  raw: Record<string, unknown>;
}

/** Parameters of `listRepoCommits`. */
export interface ListRepoCommitsParams extends HubOptions, RepoParams {
  /** Branch, tag or commit; default `main`. */
  revision?: string;
  /** Also fetch HTML-formatted title and message (`expand[]=formatted`). */
  formatted?: boolean;
  /** Stop after this many commits. */
  limit?: number;
}

const ListRepoCommitsSchema = /* @__PURE__ */ (() =>
  v.object({ ...RepoEntries, revision: OptionalRevision, formatted: OptionalBoolean, limit: LimitSchema }))();

function toCommit(raw: unknown): GitCommitInfo {
  const object = isRecord(raw) ? raw : {};
  const formatted = isRecord(object.formatted) ? object.formatted : {};
  return {
    id: optionalString(object.id) ?? "",
    title: optionalString(object.title) ?? "",
    message: optionalString(object.message) ?? "",
    authors: (Array.isArray(object.authors) ? object.authors : []).filter(isRecord).map((author) => ({
      user: optionalString(author.user) ?? "",
      avatar: optionalString(author.avatar),
    })),
    date: optionalDate(object.date) ?? new Date(0),
    formattedTitle: optionalString(formatted.title),
    formattedMessage: optionalString(formatted.message),
    raw: object,
  };
}

/**
 * Yields the commits of a revision, newest first, lazily following `Link` pages.
 * @throws {HubValidationError} on a bad `repoId` or `revision`, before any request.
 * @throws {RepositoryNotFoundError} or {RevisionNotFoundError}.
 */
export async function* listRepoCommits(params: ListRepoCommitsParams): AsyncGenerator<GitCommitInfo, void, undefined> {
  const { repoId, repoType, revision = "main", formatted, limit, ...options } = parse(ListRepoCommitsSchema, params);
  const pages = paginate<unknown>(
    options,
    {
      path: `${repoApiPath(repoType, repoId)}/commits/${encodeRevision(revision)}`,
      searchParams: { "expand[]": formatted ? "formatted" : undefined },
    },
    { limit },
  );
  for await (const commit of pages) yield toCommit(commit);
}
