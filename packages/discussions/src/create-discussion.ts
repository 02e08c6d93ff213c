import { HubError, type HubOptions, hubRequest, type RepoParams } from "@hub/core";
import { parse } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { DEFAULT_DISCUSSION_DESCRIPTION, DEFAULT_PULL_REQUEST_DESCRIPTION } from "./default-description.ts";
import type { DiscussionWithDetails } from "./discussion-types.ts";
import { discussionsPath } from "./discussion-request.ts";
import { getDiscussionDetails } from "./get-discussion-details.ts";
import { DiscussionTitleSchema, RepoOperationEntries } from "./schemas.ts";

/** Parameters of `createDiscussion`. */
export interface CreateDiscussionParams extends HubOptions, RepoParams {
  /** 3 to 200 characters; surrounding white space is trimmed. */
  title: string;
  /** Markdown body, trimmed; when empty, a default naming this SDK. */
  description?: string;
  /** Open a (draft) pull request instead of a discussion. */
  pullRequest?: boolean;
}

const CreateDiscussionSchema = /* @__PURE__ */ (() =>
  v.object({
    ...RepoOperationEntries,
    title: DiscussionTitleSchema,
    description: v.optional(v.pipe(v.string("must be a string"), v.trim())),
    pullRequest: v.optional(v.boolean("must be a boolean"), false),
  }))();

/**
 * Opens a discussion, or a draft pull request (with `refs/pr/N` at the base head) when `pullRequest` is set,
 * then reads it back.
 * @throws {HubValidationError} on a bad parameter (title shorter than 3 or longer than 200 characters...), before any request.
 * @throws {RepositoryNotFoundError} when the repository does not exist or is not visible to the caller.
 * @throws {HubHttpError} 401/403 without a write token.
 * @throws {HubError} when the answer lacks the discussion number.
 */
export async function createDiscussion(params: CreateDiscussionParams): Promise<DiscussionWithDetails> {
  const { repoId, repoType, title, description, pullRequest, ...options } = parse(CreateDiscussionSchema, params);
  const defaultDescription = pullRequest ? DEFAULT_PULL_REQUEST_DESCRIPTION : DEFAULT_DISCUSSION_DESCRIPTION;
  const created = await hubRequest<{ num?: unknown }>(options, {
    method: "POST",
    path: discussionsPath(repoType, repoId),
    json: { title, description: description || defaultDescription, pullRequest },
  });
  if (typeof created?.num !== "number") throw new HubError("The Hub answered the creation of a discussion without its number");
  return getDiscussionDetails({ ...options, repoId, repoType, discussionNum: created.num });
}
