import { type HubOptions, paginateByPage, type RepoParams } from "@hub/core";
import { parse } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import type { Discussion } from "./discussion-types.ts";
import { discussionSource, discussionsPath } from "./discussion-request.ts";
import { RepoOperationEntries } from "./schemas.ts";
import { toDiscussion } from "./to-discussion.ts";

/** Parameters of `getRepoDiscussions`. */
export interface GetRepoDiscussionsParams extends HubOptions, RepoParams {
  /** Only discussions opened by this user. */
  author?: string;
  /** `"discussion"`, `"pull_request"` or `"all"` (default). */
  discussionType?: "all" | "discussion" | "pull_request";
  /** `"open"`, `"closed"` or `"all"` (default); drafts count as open, merged PRs as closed. */
  discussionStatus?: "all" | "open" | "closed";
  /** Stop after this many discussions. */
  limit?: number;
}

const GetRepoDiscussionsSchema = /* @__PURE__ */ (() =>
  v.object({
    ...RepoOperationEntries,
    author: v.optional(v.pipe(v.string("must be a string"), v.nonEmpty("must not be empty"))),
    discussionType: v.optional(v.picklist(["all", "discussion", "pull_request"], 'must be "all", "discussion" or "pull_request"')),
    discussionStatus: v.optional(v.picklist(["all", "open", "closed"], 'must be "all", "open" or "closed"')),
    limit: v.optional(v.pipe(v.number("must be a number"), v.integer("must be an integer"), v.minValue(1, "must be at least 1"))),
  }))();

interface DiscussionPage {
  discussions?: unknown[];
  count?: number;
  start?: number;
}

/**
 * Lists the discussions and pull requests of a repository, newest first, lazily page by page.
 * @throws {HubValidationError} on a bad parameter, before any request.
 * @throws {RepositoryNotFoundError} when the repository does not exist or is not visible to the caller.
 */
export async function* getRepoDiscussions(params: GetRepoDiscussionsParams): AsyncGenerator<Discussion, void, undefined> {
  const { repoId, repoType, author, discussionType, discussionStatus, limit, ...options } = parse(GetRepoDiscussionsSchema, params);
  const source = discussionSource(options, repoType, repoId);
  const searchParams = {
    author,
    type: discussionType === "all" ? undefined : discussionType,
    status: discussionStatus === "all" ? undefined : discussionStatus,
  };
  const pages = paginateByPage<DiscussionPage, unknown>(
    options,
    { path: discussionsPath(repoType, repoId), searchParams },
    {
      limit,
      extract: (page) => ({ items: page.discussions ?? [], count: page.count ?? 0, start: page.start ?? 0 }),
    },
  );
  for await (const item of pages) yield toDiscussion(item, source);
}
