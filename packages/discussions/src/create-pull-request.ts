import type { HubOptions, RepoParams } from "@hub/core";
import { createDiscussion } from "./create-discussion.ts";
import type { DiscussionWithDetails } from "./discussion-types.ts";

/** Parameters of `createPullRequest`. */
export interface CreatePullRequestParams extends HubOptions, RepoParams {
  /** 3 to 200 characters; surrounding white space is trimmed. */
  title: string;
  /** Markdown body, trimmed; when empty, a default naming this SDK. */
  description?: string;
}

/**
 * Opens a draft pull request whose `refs/pr/N` starts at the head of `main`; push commits to it,
 * publish it with `changeDiscussionStatus({ newStatus: "open" })`, then merge it.
 * @throws {HubValidationError} on a bad parameter, before any request.
 * @throws {RepositoryNotFoundError} when the repository does not exist or is not visible to the caller.
 * @throws {HubHttpError} 401/403 without a write token.
 */
export function createPullRequest(params: CreatePullRequestParams): Promise<DiscussionWithDetails> {
  return createDiscussion({ ...params, pullRequest: true });
}
