import type { HubOptions, RepoParams } from "@hub/core";

/** Designates one discussion or pull request of a repository. */
export interface DiscussionParams extends HubOptions, RepoParams {
  /** Number of the discussion or pull request: a strictly positive integer. */
  discussionNum: number;
}
