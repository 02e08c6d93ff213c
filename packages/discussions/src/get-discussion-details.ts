import { hubRequest } from "@hub/core";
import { parse } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import type { DiscussionParams } from "./discussion-params.ts";
import type { DiscussionWithDetails } from "./discussion-types.ts";
import { discussionSource, discussionsPath } from "./discussion-request.ts";
import { DiscussionOperationEntries } from "./schemas.ts";
import { toDiscussionWithDetails } from "./to-discussion.ts";

/** Parameters of `getDiscussionDetails`. */
export type GetDiscussionDetailsParams = DiscussionParams;

const GetDiscussionDetailsSchema = /* @__PURE__ */ (() => v.object(DiscussionOperationEntries))();

/**
 * Reads a discussion or pull request with its events and, for pull requests, the target branch,
 * conflicting files, merge commit and diff.
 * @throws {HubValidationError} on a bad parameter (e.g. `discussionNum` not a positive integer), before any request.
 * @throws {RepositoryNotFoundError} when the repository does not exist or is not visible to the caller.
 * @throws {HubHttpError} 404 when there is no such discussion.
 */
export async function getDiscussionDetails(params: GetDiscussionDetailsParams): Promise<DiscussionWithDetails> {
  const { repoId, repoType, discussionNum, ...options } = parse(GetDiscussionDetailsSchema, params);
  const raw = await hubRequest(options, { path: discussionsPath(repoType, repoId, discussionNum), searchParams: { diff: 1 } });
  return toDiscussionWithDetails(raw, discussionSource(options, repoType, repoId));
}
