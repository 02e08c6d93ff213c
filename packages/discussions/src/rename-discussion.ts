import { parse } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import type { DiscussionParams } from "./discussion-params.ts";
import type { DiscussionTitleChange } from "./discussion-types.ts";
import { postDiscussionChange } from "./discussion-request.ts";
import { eventFromAnswer } from "./event-from-answer.ts";
import { DiscussionOperationEntries, DiscussionTitleSchema } from "./schemas.ts";

/** Parameters of `renameDiscussion`. */
export interface RenameDiscussionParams extends DiscussionParams {
  /** 3 to 200 characters; surrounding white space is trimmed. */
  newTitle: string;
}

const RenameDiscussionSchema = /* @__PURE__ */ (() => v.object({ ...DiscussionOperationEntries, newTitle: DiscussionTitleSchema }))();

/**
 * Renames a discussion or pull request (its author or a repo owner/member).
 * @throws {HubValidationError} on a bad parameter (title shorter than 3 or longer than 200 characters...), before any request.
 * @throws {RepositoryNotFoundError} when the repository does not exist or is not visible to the caller.
 * @throws {HubHttpError} 403 without the right, 404 without such a discussion.
 */
export async function renameDiscussion(params: RenameDiscussionParams): Promise<DiscussionTitleChange> {
  const { repoId, repoType, discussionNum, newTitle, ...options } = parse(RenameDiscussionSchema, params);
  const answer = await postDiscussionChange(options, { repoType, repoId, discussionNum, resource: "title", body: { title: newTitle } });
  return eventFromAnswer(answer, "newTitle", "title-change");
}
