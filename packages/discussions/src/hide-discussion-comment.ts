import { parse } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import type { DiscussionParams } from "./discussion-params.ts";
import type { DiscussionComment } from "./discussion-types.ts";
import { postDiscussionChange } from "./discussion-request.ts";
import { eventFromAnswer } from "./event-from-answer.ts";
import { CommentIdSchema, DiscussionOperationEntries } from "./schemas.ts";

/** Parameters of `hideDiscussionComment`. */
export interface HideDiscussionCommentParams extends DiscussionParams {
  /** Id of the comment (its event `id`). */
  commentId: string;
}

const HideDiscussionCommentSchema = /* @__PURE__ */ (() => v.object({ ...DiscussionOperationEntries, commentId: CommentIdSchema }))();

/**
 * Hides a comment (repo owners and members only): its event stays, its content is gone for good.
 * @throws {HubValidationError} on a bad parameter (malformed comment id...), before any request.
 * @throws {RepositoryNotFoundError} when the repository does not exist or is not visible to the caller.
 * @throws {HubHttpError} 403 without owner/member rights, 404 without such a comment.
 */
export async function hideDiscussionComment(params: HideDiscussionCommentParams): Promise<DiscussionComment> {
  const { repoId, repoType, discussionNum, commentId, ...options } = parse(HideDiscussionCommentSchema, params);
  const answer = await postDiscussionChange(options, { repoType, repoId, discussionNum, resource: `comment/${commentId}/hide` });
  return eventFromAnswer(answer, "updatedComment", "comment");
}
