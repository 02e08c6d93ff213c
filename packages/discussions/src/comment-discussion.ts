import { parse } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import type { DiscussionParams } from "./discussion-params.ts";
import type { DiscussionComment } from "./discussion-types.ts";
import { postDiscussionChange } from "./discussion-request.ts";
import { eventFromAnswer } from "./event-from-answer.ts";
import { CommentContentSchema, DiscussionOperationEntries } from "./schemas.ts";

/** Parameters of `commentDiscussion`. */
export interface CommentDiscussionParams extends DiscussionParams {
  /** Markdown of the new comment; must not be empty. */
  comment: string;
}

const CommentDiscussionSchema = /* @__PURE__ */ (() => v.object({ ...DiscussionOperationEntries, comment: CommentContentSchema }))();

/**
 * Adds a comment to a discussion or pull request.
 * @throws {HubValidationError} on a bad parameter (empty comment, bad `discussionNum`...), before any request.
 * @throws {RepositoryNotFoundError} when the repository does not exist or is not visible to the caller.
 * @throws {HubHttpError} 401/403 without a write token, 404 without such a discussion.
 */
export async function commentDiscussion(params: CommentDiscussionParams): Promise<DiscussionComment> {
  const { repoId, repoType, discussionNum, comment, ...options } = parse(CommentDiscussionSchema, params);
  const answer = await postDiscussionChange(options, { repoType, repoId, discussionNum, resource: "comment", body: { comment } });
  return eventFromAnswer(answer, "newMessage", "comment");
}
