import { parse } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import type { DiscussionParams } from "./discussion-params.ts";
import type { DiscussionComment } from "./discussion-types.ts";
import { postDiscussionChange } from "./discussion-request.ts";
import { eventFromAnswer } from "./event-from-answer.ts";
import { CommentContentSchema, CommentIdSchema, DiscussionOperationEntries } from "./schemas.ts";

/** Parameters of `editDiscussionComment`. */
export interface EditDiscussionCommentParams extends DiscussionParams {
  /** Id of the comment (its event `id`). */
  commentId: string;
  /** New markdown; must not be empty. */
  newContent: string;
}

const EditDiscussionCommentSchema = /* @__PURE__ */ (() =>
  v.object({
    ...DiscussionOperationEntries,
    commentId: CommentIdSchema,
    newContent: CommentContentSchema,
  }))();

/**
 * Replaces the content of one of your comments; the previous version goes to its edit history.
 * @throws {HubValidationError} on a bad parameter (empty content, malformed comment id...), before any request.
 * @throws {RepositoryNotFoundError} when the repository does not exist or is not visible to the caller.
 * @throws {HubHttpError} 403 when the comment is someone else's, 404 without such a comment.
 */
export async function editDiscussionComment(params: EditDiscussionCommentParams): Promise<DiscussionComment> {
  const { repoId, repoType, discussionNum, commentId, newContent, ...options } = parse(EditDiscussionCommentSchema, params);
  const answer = await postDiscussionChange(options, {
    repoType,
    repoId,
    discussionNum,
    resource: `comment/${commentId}/edit`,
    body: { content: newContent },
  });
  return eventFromAnswer(answer, "updatedComment", "comment");
}
