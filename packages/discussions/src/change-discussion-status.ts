import { parse } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import type { DiscussionParams } from "./discussion-params.ts";
import type { DiscussionStatusChange } from "./discussion-types.ts";
import { postDiscussionChange } from "./discussion-request.ts";
import { eventFromAnswer } from "./event-from-answer.ts";
import { DiscussionOperationEntries, NewStatusSchema } from "./schemas.ts";

/** Parameters of `changeDiscussionStatus`. */
export interface ChangeDiscussionStatusParams extends DiscussionParams {
  /** `"open"` (also publishes a draft pull request) or `"closed"`. */
  newStatus: "open" | "closed";
  /** Optional markdown posted with the change; trimmed, sent only when not empty. */
  comment?: string;
}

const ChangeDiscussionStatusSchema = /* @__PURE__ */ (() =>
  v.object({
    ...DiscussionOperationEntries,
    newStatus: NewStatusSchema,
    comment: v.optional(v.pipe(v.string("must be a string"), v.trim())),
  }))();

/**
 * Closes or reopens a discussion or pull request (its author or a repo owner/member), optionally with a comment.
 * @throws {HubValidationError} on a bad parameter (`newStatus` other than open/closed...), before any request.
 * @throws {RepositoryNotFoundError} when the repository does not exist or is not visible to the caller.
 * @throws {HubHttpError} 403 without the right, 404 without such a discussion, 409 on a merged pull request.
 */
export async function changeDiscussionStatus(params: ChangeDiscussionStatusParams): Promise<DiscussionStatusChange> {
  const { repoId, repoType, discussionNum, newStatus, comment, ...options } = parse(ChangeDiscussionStatusSchema, params);
  const body = comment ? { status: newStatus, comment } : { status: newStatus };
  const answer = await postDiscussionChange(options, { repoType, repoId, discussionNum, resource: "status", body });
  return eventFromAnswer(answer, "newStatus", "status-change");
}
