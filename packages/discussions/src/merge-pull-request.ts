import { parse } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import type { DiscussionParams } from "./discussion-params.ts";
import type { DiscussionStatusChange } from "./discussion-types.ts";
import { postDiscussionChange } from "./discussion-request.ts";
import { eventFromAnswer } from "./event-from-answer.ts";
import { DiscussionOperationEntries } from "./schemas.ts";

/** Parameters of `mergePullRequest`. */
export interface MergePullRequestParams extends DiscussionParams {
  /** Optional markdown posted with the merge; trimmed, sent only when not empty (else no body at all). */
  comment?: string;
}

const MergePullRequestSchema = /* @__PURE__ */ (() =>
  v.object({
    ...DiscussionOperationEntries,
    comment: v.optional(v.pipe(v.string("must be a string"), v.trim())),
  }))();

/**
 * Merges a pull request into its target branch (repo owners and members only).
 * Returns the `merged` status-change event, or `undefined` when the Hub does not send it back.
 * @throws {HubValidationError} on a bad parameter, before any request.
 * @throws {RepositoryNotFoundError} when the repository does not exist or is not visible to the caller.
 * @throws {HubHttpError} 403 without owner/member rights, 404 without such a pull request.
 * @throws {CommitConflictError} 409 when the pull request conflicts with its target or is not open.
 */
export async function mergePullRequest(params: MergePullRequestParams): Promise<DiscussionStatusChange | undefined> {
  const { repoId, repoType, discussionNum, comment, ...options } = parse(MergePullRequestSchema, params);
  const answer = await postDiscussionChange(options, {
    repoType,
    repoId,
    discussionNum,
    resource: "merge",
    body: comment ? { comment } : undefined,
  });
  return answer.newStatus === undefined ? undefined : eventFromAnswer(answer, "newStatus", "status-change");
}
